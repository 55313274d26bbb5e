import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { Database } from '../../database/database';
import { DATABASE } from '../../database/database.tokens';
import { TaskService } from '../task.service';
import { PgTaskTable, TASK_TABLE } from './pg-task-table';
import { TaskMirror } from './task-mirror';

/** NOTIFY channel on which a replica tells a task's owner to look at what was asked of it. */
export const TASK_COMMANDS_CHANNEL = 'patchbay_task_commands';

interface TaskCommand {
  task_id: string;
  action: 'cancel' | 'input';
  owner: string;
}

/**
 * The owner's side of a request made through another replica: that replica writes the
 * request (a cancel, an answer) into the task's row and NOTIFYs; the owner reads the row and
 * acts as for a local request. After a lost LISTEN connection it re-reads every request.
 */
@Injectable()
export class TaskCommands implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TaskCommands.name);
  /** Per task, the request being applied: an answer is applied once. */
  private readonly busy = new Map<string, Promise<void>>();
  private unlisten?: () => void;

  constructor(
    private readonly tasks: TaskService,
    private readonly mirror: TaskMirror,
    @Optional() @Inject(DATABASE) private readonly db: Database | null = null,
    @Optional() @Inject(TASK_TABLE) private readonly table: PgTaskTable | null = null,
  ) {}

  onModuleInit(): void {
    if (!this.db || !this.table) return;
    this.unlisten = this.db.listen(
      TASK_COMMANDS_CHANNEL,
      (payload) => this.received(payload),
      () => void this.resync(),
    );
  }

  onModuleDestroy(): void {
    this.unlisten?.();
  }

  /** Tells `owner` that its task `taskId` has a request in its row. */
  async send(taskId: string, action: TaskCommand['action'], owner: string): Promise<void> {
    const command: TaskCommand = { task_id: taskId, action, owner };
    await this.db?.notify(TASK_COMMANDS_CHANNEL, JSON.stringify(command));
  }

  /** Requests made while this replica was not listening. */
  async resync(): Promise<void> {
    const requested = await this.table?.requested().catch((err: Error) => {
      this.logger.warn(`re-reading task requests failed: ${err.message}`);
      return [];
    });
    await Promise.all((requested ?? []).map((t) => this.apply(t.view.task_id)));
  }

  private received(payload: string): void {
    let command: Partial<TaskCommand>;
    try {
      command = JSON.parse(payload) as Partial<TaskCommand>;
    } catch {
      return;
    }
    // Every replica hears every command (the sender too): only the owner acts.
    if (command.owner !== this.db?.replicaId || typeof command.task_id !== 'string') return;
    void this.apply(command.task_id);
  }

  private apply(taskId: string): Promise<void> {
    const next = (this.busy.get(taskId) ?? Promise.resolve())
      .then(() => this.applyNow(taskId))
      .catch((err: Error) => this.logger.warn(`task ${taskId}: request failed: ${err.message}`))
      .finally(() => {
        if (this.busy.get(taskId) === next) this.busy.delete(taskId);
      });
    this.busy.set(taskId, next);
    return next;
  }

  private async applyNow(taskId: string): Promise<void> {
    const table = this.table as PgTaskTable;
    const stored = await table.get(taskId);
    if (!stored || stored.owner !== table.replicaId || !this.tasks.has(taskId)) return;
    if (stored.cancelRequested) this.tasks.cancel(taskId); // aborts upstream, as a local DELETE
    if (!stored.inputAnswer) return;
    try {
      this.tasks.answer(taskId, stored.inputAnswer);
    } catch (err) {
      // The question went meanwhile (answered, cancelled): the answer is dropped.
      this.logger.debug(`task ${taskId}: answer not applied: ${(err as Error).message}`);
    }
    // The view is written before the answer is cleared: the asking replica then reads it.
    await this.mirror.settled(taskId);
    await table.clearAnswer(taskId);
  }
}
