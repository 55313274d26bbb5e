import { PatchbayError } from '../common/errors/catalogue';
import { TaskService } from './task.service';
import { ArgsValidator } from './args-validator';
import { TaskInputs } from './task-input';
import type { ToolExecutor } from './tool-executor';
import type { McpClientService } from '../mcp-client/mcp-client.service';
import type { ExecuteOptions } from './tool.types';

/** An executor whose call waits in line for a slot until the test lets it run. */
class QueuedExecutor {
  options?: ExecuteOptions;
  finish: (fail?: PatchbayError) => void = () => undefined;

  prepare = () => Promise.resolve({ binding: { kind: 'local' } });
  execute = (_name: string, _args: unknown, options: ExecuteOptions) => {
    this.options = options;
    options.onQueue?.(true);
    return new Promise((resolve, reject) => {
      this.finish = (fail) => {
        options.onQueue?.(false);
        if (fail) reject(fail);
        else resolve({ tool: 'x', is_error: false, content: [], run_id: 'r' });
      };
    });
  };
}

describe('TaskService', () => {
  let executor: QueuedExecutor;
  let tasks: TaskService;
  beforeEach(() => {
    executor = new QueuedExecutor();
    // No server asks for input here: TaskInputs only tracks the running task.
    const inputs = new TaskInputs(null as unknown as McpClientService, new ArgsValidator());
    tasks = new TaskService(executor as unknown as ToolExecutor, inputs);
  });
  afterEach(() => tasks.onModuleDestroy());

  const settle = () => new Promise((r) => setImmediate(r));

  it('is queued while its call waits for a slot, then runs and succeeds', async () => {
    const created = await tasks.create('x', {});
    await settle();
    expect(tasks.get(created.task_id).state).toBe('queued');
    executor.finish();
    await settle();
    expect(tasks.get(created.task_id).state).toBe('succeeded');
  });

  it('keeps the details of a failure, run_id included', async () => {
    const created = await tasks.create('x', {});
    await settle();
    executor.finish(new PatchbayError('mcp_timeout', 'slow', { run_id: 'run-1' }));
    await settle();
    expect(tasks.get(created.task_id)).toMatchObject({
      state: 'failed',
      error: { code: 'mcp_timeout', details: { run_id: 'run-1' } },
    });
  });

  it('can be cancelled while queued, and stays cancelled', async () => {
    const created = await tasks.create('x', {});
    await settle();
    expect(tasks.cancel(created.task_id).state).toBe('cancelled');
    executor.finish();
    await settle();
    expect(tasks.get(created.task_id).state).toBe('cancelled');
  });
});
