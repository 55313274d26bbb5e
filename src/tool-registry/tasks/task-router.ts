import { Inject, Injectable, Optional } from '@nestjs/common';
import { taskNotFound, taskNotWaiting } from '../../common/errors/catalogue';
import { REPLICA_LIVENESS, ReplicaLiveness } from '../../database/replica-liveness';
import { ArgsValidator } from '../args-validator';
import type { TaskInputAnswer } from '../task-input';
import { TaskService } from '../task.service';
import { PgTaskTable, TASK_TABLE } from './pg-task-table';
import { TaskCommands } from './task-commands';
import { lostError } from './task-mirror';
import { StoredTask } from './task-row';
import { TaskView } from './task-view';

/** How long a request through another replica waits for the owner to act on it. */
export const OWNER_REPLY_MS = 2_000;
const POLL_MS = 50;

/**
 * Where a task request goes: to this replica's TaskService when it runs the task (always in
 * file mode), else to the task's row. A cancel or an answer for a task another replica runs
 * is written to the row and sent to that owner, then answered with the row once the owner
 * acted (or, after OWNER_REPLY_MS, with the row as it is). A task whose owner is gone reads
 * as failed, never as running forever.
 */
@Injectable()
export class TaskRouter {
  constructor(
    private readonly tasks: TaskService,
    private readonly validator: ArgsValidator,
    private readonly commands: TaskCommands,
    @Optional() @Inject(TASK_TABLE) private readonly table: PgTaskTable | null = null,
    @Optional() @Inject(REPLICA_LIVENESS) private readonly liveness: ReplicaLiveness | null = null,
  ) {}

  /** @throws task_not_found */
  async get(taskId: string): Promise<TaskView> {
    if (!this.table || this.tasks.has(taskId)) return this.tasks.get(taskId);
    return (await this.readShared(this.table, taskId)).view;
  }

  /** @throws task_not_found */
  async cancel(taskId: string): Promise<TaskView> {
    if (!this.table || this.tasks.has(taskId)) return this.tasks.cancel(taskId);
    const stored = await this.readShared(this.table, taskId);
    if (stored.view.finished_at !== null) return stored.view;
    if (await this.table.requestCancel(taskId)) {
      await this.commands.send(taskId, 'cancel', stored.owner);
    }
    return this.settle(this.table, taskId, (t) => t.view.finished_at !== null);
  }

  /** @throws task_not_found, conflict (not waiting), invalid_arguments (content) */
  async answer(taskId: string, input: TaskInputAnswer): Promise<TaskView> {
    if (!this.table || this.tasks.has(taskId)) return this.tasks.answer(taskId, input);
    const stored = await this.readShared(this.table, taskId);
    const question = stored.view.input_request;
    if (stored.view.state !== 'input_required' || !question) throw taskNotWaiting(taskId);
    // Checked here as the owner checks it, so bad content gets its 422 from this replica.
    if (input.action === 'accept') {
      this.validator.check('input', question.requested_schema, input.content ?? {});
    }
    const answer: TaskInputAnswer =
      input.action === 'accept'
        ? { action: 'accept', content: input.content ?? {} }
        : { action: input.action };
    if (!(await this.table.putAnswer(taskId, answer))) throw taskNotWaiting(taskId);
    await this.commands.send(taskId, 'input', stored.owner);
    return this.settle(this.table, taskId, (t) => t.inputAnswer === null);
  }

  /** The row, with a task of a replica that is gone marked failed (for every reader). */
  private async readShared(table: PgTaskTable, taskId: string): Promise<StoredTask> {
    const stored = await table.get(taskId);
    if (!stored) throw taskNotFound(taskId);
    if (stored.view.finished_at !== null || (await this.ownerAlive(table, stored.owner))) {
      return stored;
    }
    const [lost] = await table.markLost(stored.owner, lostError(stored.owner), taskId);
    // Null: the owner wrote meanwhile (it is alive after all), so the row is current.
    return lost ?? (await this.readShared(table, taskId));
  }

  private async ownerAlive(table: PgTaskTable, owner: string): Promise<boolean> {
    // This replica keeps every unfinished task it runs in memory: a row of its own that is
    // not there was left by an earlier process with the same replica id.
    if (owner === table.replicaId) return false;
    return this.liveness ? this.liveness.isAlive(owner) : true;
  }

  /** Re-reads the row until `done` or OWNER_REPLY_MS, and answers the latest view. */
  private async settle(
    table: PgTaskTable,
    taskId: string,
    done: (task: StoredTask) => boolean,
  ): Promise<TaskView> {
    const deadline = Date.now() + OWNER_REPLY_MS;
    for (;;) {
      const stored = await table.get(taskId);
      if (!stored) throw taskNotFound(taskId);
      if (done(stored) || Date.now() >= deadline) return stored.view;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
