import { Injectable, OnModuleInit } from '@nestjs/common';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { taskNotWaiting } from '../common/errors/catalogue';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ArgsValidator } from './args-validator';
import { JsonSchema } from './tool.types';

/** What a task waiting for input shows: the server's question and the answer's schema. */
export interface InputRequest {
  message: string;
  requested_schema: JsonSchema;
}

/** The part of a running task this broker reads and writes. */
export interface AskableTask {
  taskId: string;
  /** The server its call goes to; null when not known before it runs (a local tool). */
  serverId: string | null;
  view: { state: string; input_request: InputRequest | null };
  /** Called after this broker changed the view (database mode writes it out). */
  changed?(): void;
}

export interface TaskInputAnswer {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, unknown>;
}

interface Pending {
  task: AskableTask;
  resolve(result: ElicitResult): void;
}

/**
 * An upstream server's elicitation during a REST task: the latest running task on that
 * server shows `input_required` with the question, and POST .../tasks/{id}/input answers
 * it. A plain invoke has no one to ask, so its elicitations are declined.
 */
@Injectable()
export class TaskInputs implements OnModuleInit {
  private readonly running = new Set<AskableTask>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly client: McpClientService,
    private readonly validator: ArgsValidator,
  ) {}

  onModuleInit(): void {
    this.client.addServerRequestHandler((serverId, request, signal) =>
      request.method === 'elicitation/create' ? this.ask(serverId, request, signal) : null,
    );
  }

  async track<T>(task: AskableTask, work: () => Promise<T>): Promise<T> {
    this.running.add(task);
    try {
      return await work();
    } finally {
      this.running.delete(task);
      this.settle(task.taskId, { action: 'cancel' });
    }
  }

  /** @throws conflict when the task is not waiting; invalid_arguments for bad content */
  answer(taskId: string, input: TaskInputAnswer): void {
    const pending = this.pending.get(taskId);
    if (!pending) {
      throw taskNotWaiting(taskId);
    }
    const schema = pending.task.view.input_request?.requested_schema ?? { type: 'object' };
    if (input.action === 'accept') this.validator.check('input', schema, input.content ?? {});
    // The content was just checked against the server's own schema.
    const content = input.content as ElicitResult['content'];
    this.settle(
      taskId,
      input.action === 'accept' ? { action: 'accept', content } : { action: input.action },
    );
  }

  private ask(serverId: string, request: ElicitRequest, signal: AbortSignal) {
    const task = [...this.running]
      .reverse()
      .find((t) => (t.serverId === serverId || t.serverId === null) && !this.pending.has(t.taskId));
    if (!task || request.params.mode === 'url') return null;
    const { message, requestedSchema } = request.params;
    task.view.state = 'input_required';
    task.view.input_request = { message, requested_schema: requestedSchema as JsonSchema };
    task.changed?.();
    return new Promise<ElicitResult>((resolve) => {
      this.pending.set(task.taskId, { task, resolve });
      signal.addEventListener('abort', () => this.settle(task.taskId, { action: 'cancel' }), {
        once: true,
      });
    });
  }

  private settle(taskId: string, result: ElicitResult): void {
    const pending = this.pending.get(taskId);
    if (!pending) return;
    this.pending.delete(taskId);
    const { view } = pending.task;
    view.input_request = null;
    if (view.state === 'input_required') view.state = 'running';
    pending.task.changed?.();
    pending.resolve(result);
  }
}
