import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { Pool } from 'pg';
import { PatchbayError } from '../../common/errors/catalogue';
import { Database } from '../../database/database';
import { migrate } from '../../database/migrate';
import { PgActivityLiveness, withApplicationName } from '../../database/replica-liveness';
import type { McpClientService } from '../../mcp-client/mcp-client.service';
import type { ServerRequestHandler } from '../../mcp-client/mcp-client.types';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
} from '../../../test/helpers/test-database';
import { waitFor } from '../../../test/helpers/wait';
import { ArgsValidator } from '../args-validator';
import { TaskInputs } from '../task-input';
import { TaskService } from '../task.service';
import type { ToolExecutor } from '../tool-executor';
import type { ExecuteOptions } from '../tool.types';
import { PgTaskTable } from './pg-task-table';
import { TaskCommands } from './task-commands';
import { TaskMirror } from './task-mirror';
import { TaskRouter } from './task-router';

/** A local tool that runs until the test ends it, or until its task is aborted. */
class HeldExecutor {
  calls: ExecuteOptions[] = [];
  finish: () => void = () => undefined;

  prepare = () => Promise.resolve({ binding: { kind: 'local' } });
  execute = (_name: string, _args: unknown, options: ExecuteOptions) => {
    this.calls.push(options);
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
      this.finish = () =>
        resolve({
          tool: 'x',
          binding: { kind: 'local' },
          is_error: false,
          content: [],
          run_id: 'r',
        });
    });
  };
}

/** One replica's task stack on its own connections, as the module wires it. */
async function replica(url: string, id: string) {
  const named = withApplicationName(url, id);
  const db = new Database(new Pool({ connectionString: named }), named, id);
  await db.listening();
  const table = new PgTaskTable(db);
  const mirror = new TaskMirror(table);
  const executor = new HeldExecutor();
  // The broker's one dependency: where server requests (elicitation) come from.
  let ask: ServerRequestHandler = () => null;
  const client = { addServerRequestHandler: (h: ServerRequestHandler) => (ask = h) };
  const inputs = new TaskInputs(client as unknown as McpClientService, new ArgsValidator());
  inputs.onModuleInit();
  const tasks = new TaskService(executor as unknown as ToolExecutor, inputs, undefined, mirror);
  const commands = new TaskCommands(tasks, mirror, db, table);
  commands.onModuleInit();
  const liveness = new PgActivityLiveness(db);
  const router = new TaskRouter(tasks, new ArgsValidator(), commands, table, liveness);
  const elicit = (params: ElicitRequest['params']) =>
    ask(
      'srv',
      { method: 'elicitation/create', params },
      new AbortController().signal,
    ) as Promise<ElicitResult>;
  const close = async () => {
    commands.onModuleDestroy();
    await tasks.onModuleDestroy();
    await db.close();
  };
  return { db, tasks, router, executor, elicit, close };
}

describeWithDatabase(
  'TaskRouter: a task read, answered and cancelled through another replica',
  () => {
    let testDb: TestDatabase;
    let a: Awaited<ReturnType<typeof replica>>;
    let b: Awaited<ReturnType<typeof replica>>;

    beforeAll(async () => {
      testDb = await createTestDatabase();
      await migrate(testDb.url);
    });
    beforeEach(async () => {
      a = await replica(testDb.url, 'a');
      b = await replica(testDb.url, 'b');
    });
    afterEach(async () => {
      await a?.close();
      await b?.close();
    });
    afterAll(async () => {
      await testDb?.drop();
    });

    it('shows the owner progress on B, and a cancel through B aborts the call on A', async () => {
      const created = await a.tasks.create('x', {});
      expect(await b.router.get(created.task_id)).toMatchObject({ state: 'running', tool: 'x' });
      a.executor.calls[0].onProgress?.({ progress: 1, total: 4, message: 'one' });
      await waitFor(async () => (await b.router.get(created.task_id)).progress?.progress === 1);
      a.executor.calls[0].onProgress?.({ progress: 2, total: 4, message: 'two' });
      await waitFor(async () => (await b.router.get(created.task_id)).progress?.progress === 2);

      const cancelled = await b.router.cancel(created.task_id);
      expect(cancelled).toMatchObject({ state: 'cancelled', error: { code: 'tool_cancelled' } });
      expect(a.executor.calls[0].signal?.aborted).toBe(true);
      expect(a.tasks.get(created.task_id).state).toBe('cancelled');
    });

    it('shows a finished task with its result on B', async () => {
      const created = await a.tasks.create('x', {});
      a.executor.finish();
      await waitFor(async () => (await b.router.get(created.task_id)).state === 'succeeded');
      const seen = await b.router.get(created.task_id);
      expect(seen).toEqual(a.tasks.get(created.task_id));
      expect(seen.result).toMatchObject({ is_error: false, run_id: 'r' });
      // A finished task is left as it is, through any replica.
      expect((await b.router.cancel(created.task_id)).state).toBe('succeeded');
    });

    it('takes the answer to the owner question through B, checked as the owner checks it', async () => {
      const created = await a.tasks.create('x', {});
      await expect(b.router.answer(created.task_id, { action: 'decline' })).rejects.toMatchObject({
        code: 'conflict',
      });
      const schema = {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
      };
      const reply = a.elicit({
        message: 'Name?',
        requestedSchema: schema,
      } as ElicitRequest['params']);
      await waitFor(async () => (await b.router.get(created.task_id)).state === 'input_required');
      expect((await b.router.get(created.task_id)).input_request).toEqual({
        message: 'Name?',
        requested_schema: schema,
      });
      const bad = b.router.answer(created.task_id, { action: 'accept', content: { name: 7 } });
      await expect(bad).rejects.toMatchObject({ code: 'invalid_arguments' });

      const answered = await b.router.answer(created.task_id, {
        action: 'accept',
        content: { name: 'Ada' },
      });
      expect(answered).toMatchObject({ state: 'running', input_request: null });
      expect(await reply).toEqual({ action: 'accept', content: { name: 'Ada' } });
    });

    it('reads a task whose owner died as failed, on every replica', async () => {
      const c = await replica(testDb.url, 'c');
      const created = await c.tasks.create('x', {});
      await c.db.close(); // its connections end, as when the process is killed
      const lost = await b.router.get(created.task_id);
      expect(lost).toMatchObject({
        state: 'failed',
        finished_at: expect.any(String),
        error: { code: 'tool_execution_failed', details: { owner_replica: 'c' } },
      });
      expect(await a.router.get(created.task_id)).toEqual(lost);
      c.executor.finish();
    });

    it('answers 404 for an id no replica knows', async () => {
      const missing = b.router.get('no-such-task');
      await expect(missing).rejects.toBeInstanceOf(PatchbayError);
      await expect(b.router.cancel('no-such-task')).rejects.toMatchObject({
        code: 'task_not_found',
      });
    });
  },
);
