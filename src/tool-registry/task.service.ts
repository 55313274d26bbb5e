import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { PatchbayError, taskNotFound, tooManyTasks } from '../common/errors/catalogue';
import { TASK_FINISHED, taskFinished } from '../common/events';
import { TaskInputAnswer, TaskInputs } from './task-input';
import { TaskMirror } from './tasks/task-mirror';
import { TaskState, TaskView } from './tasks/task-view';
import { ToolExecutor } from './tool-executor';
import { MCP_PROXY_TOOL } from './tools/mcp-proxy.tool';
import { InvokeResult, ToolArgs } from './tool.types';

export type { TaskState, TaskView } from './tasks/task-view';

interface Task {
  view: TaskView;
  controller: AbortController;
  finishedAt?: number;
}

export const MAX_TASKS = 200;
export const TASK_TTL_MS = 60 * 60 * 1000;

/**
 * Long calls run in the background. Bounded: finished tasks expire after an hour, and the
 * oldest finished one makes room when the store is full; a store full of running tasks
 * refuses new ones (409). In database mode the mirror copies each task to the table, where
 * the other replicas read it (tasks/task-router.ts).
 */
@Injectable()
export class TaskService implements OnModuleDestroy {
  private readonly tasks = new Map<string, Task>();

  constructor(
    private readonly executor: ToolExecutor,
    private readonly inputs: TaskInputs,
    @Optional() private readonly events?: EventEmitter2,
    @Optional() private readonly mirror?: TaskMirror,
  ) {}

  /** Checks the tool and its arguments now (404, 409, 422…), then runs it in the background. */
  async create(tool: string, args: ToolArgs, timeoutMs?: number): Promise<TaskView> {
    this.sweep();
    const plan = await this.executor.prepare(tool, args);
    this.makeRoom();
    const task: Task = {
      controller: new AbortController(),
      view: {
        task_id: randomUUID(),
        tool,
        state: 'running',
        progress: null,
        input_request: null,
        result: null,
        error: null,
        created_at: new Date().toISOString(),
        finished_at: null,
      },
    };
    this.tasks.set(task.view.task_id, task);
    const serverId =
      plan.binding.kind === 'mcp'
        ? plan.binding.server_id
        : tool === MCP_PROXY_TOOL
          ? String(args.server_id)
          : null;
    const changed = () => this.mirror?.changed(task.view, true);
    const askable = { taskId: task.view.task_id, serverId, view: task.view, changed };
    const stored = this.mirror?.created(task.view);
    void this.inputs.track(askable, () => this.run(task, args, timeoutMs));
    await stored; // other replicas find the task as soon as its id is known
    return { ...task.view };
  }

  /** Whether this replica runs (or ran, and still keeps) the task. */
  has(taskId: string): boolean {
    this.sweep();
    return this.tasks.has(taskId);
  }

  /** @throws task_not_found */
  get(taskId: string): TaskView {
    this.sweep();
    return { ...this.find(taskId).view };
  }

  /** Answers the MCP server's question of a task in `input_required`. @throws 404, 409, 422 */
  answer(taskId: string, input: TaskInputAnswer): TaskView {
    this.find(taskId);
    this.inputs.answer(taskId, input);
    return this.get(taskId);
  }

  /** Aborts a running task (the MCP client tells the server); a finished one is left as is. */
  cancel(taskId: string): TaskView {
    const task = this.find(taskId);
    if (['queued', 'running', 'input_required'].includes(task.view.state)) {
      this.finish(task, 'cancelled', null, {
        code: 'tool_cancelled',
        message: 'The task was cancelled.',
      });
      task.controller.abort(new Error('cancelled by DELETE /api/v1/execution/tasks'));
    }
    return { ...task.view };
  }

  async onModuleDestroy(): Promise<void> {
    for (const task of this.tasks.values()) task.controller.abort(new Error('shutting down'));
    this.tasks.clear();
    await this.mirror?.close();
  }

  private async run(task: Task, args: ToolArgs, timeoutMs?: number): Promise<void> {
    try {
      const result = await this.executor.execute(task.view.tool, args, {
        timeoutMs,
        signal: task.controller.signal,
        caller: 'task',
        // `queued` while the server has no free in-flight slot for it, `running` otherwise.
        onQueue: (queued) => {
          if (task.finishedAt !== undefined) return;
          task.view.state = queued ? 'queued' : 'running';
          this.mirror?.changed(task.view, true);
        },
        onProgress: (progress) => {
          if (task.view.state !== 'running') return;
          task.view.progress = progress;
          this.mirror?.changed(task.view, false);
        },
      });
      this.finish(task, 'succeeded', result, null);
    } catch (err) {
      // The details carry the run_id, so the failed call can be found in GET /runs and the log.
      const error =
        err instanceof PatchbayError
          ? { code: err.code, message: err.message, details: err.details ?? {} }
          : { code: 'internal_error', message: 'The task failed unexpectedly.', details: {} };
      this.finish(task, 'failed', null, error);
    }
  }

  private finish(
    task: Task,
    state: TaskState,
    result: InvokeResult | null,
    error: TaskView['error'],
  ): void {
    if (task.finishedAt !== undefined) return; // a cancel won the race
    task.finishedAt = Date.now();
    const finishedAt = new Date().toISOString();
    Object.assign(task.view, {
      state,
      result,
      error,
      input_request: null,
      finished_at: finishedAt,
    });
    this.mirror?.changed(task.view, true);
    this.events?.emit(TASK_FINISHED, taskFinished(task.view));
  }

  private find(taskId: string): Task {
    const task = this.tasks.get(taskId);
    if (!task) {
      throw taskNotFound(taskId);
    }
    return task;
  }

  private sweep(now = Date.now()): void {
    for (const [id, task] of this.tasks) {
      if (task.finishedAt !== undefined && now - task.finishedAt > TASK_TTL_MS)
        this.tasks.delete(id);
    }
    this.mirror?.sweep(TASK_TTL_MS, now);
  }

  private makeRoom(): void {
    if (this.tasks.size < MAX_TASKS) return;
    for (const [id, task] of this.tasks) {
      if (task.finishedAt !== undefined) {
        this.tasks.delete(id);
        this.mirror?.evicted(id);
        return;
      }
    }
    throw tooManyTasks(MAX_TASKS);
  }
}
