import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { taskOwnerLost } from '../../common/errors/catalogue';
import { PgTaskTable, TASK_TABLE } from './pg-task-table';
import { TaskView } from './task-view';

/** Progress is written at most this often per task; state changes go at once. */
export const PROGRESS_WRITE_MS = 250;
const SWEEP_EVERY_MS = 60_000;

interface Entry {
  view: TaskView;
  /** Writes of one task, in order: the last one written is the latest view. */
  chain: Promise<void>;
  timer?: NodeJS.Timeout;
  lastWrite: number;
}

/** The view of a task as a failure, for a replica that stopped before its tasks finished. */
export function lostError(ownerReplica: string): NonNullable<TaskView['error']> {
  const error = taskOwnerLost(ownerReplica);
  return { code: error.code, message: error.message, details: error.details ?? {} };
}

/**
 * In database mode, the owner's copy of its tasks in patchbay_tasks, so other replicas can
 * show them. Writes never hold up the task: they run in the background, one chain per task,
 * and a failed write is logged. In file mode (no table) it does nothing.
 */
@Injectable()
export class TaskMirror implements OnModuleInit {
  private readonly logger = new Logger(TaskMirror.name);
  private readonly entries = new Map<string, Entry>();
  private lastSweep = 0;
  private closed = false;

  constructor(@Optional() @Inject(TASK_TABLE) private readonly table: PgTaskTable | null = null) {}

  get enabled(): boolean {
    return this.table !== null;
  }

  /** Tasks an earlier process with this replica id left unfinished can no longer finish. */
  async onModuleInit(): Promise<void> {
    await this.markOwnLost();
  }

  /** Inserts the row; resolves once it is there (a failed insert is logged, not thrown). */
  created(view: TaskView): Promise<void> {
    if (!this.table || this.closed) return Promise.resolve();
    const chain = this.table.insert(view).catch((err) => this.warn(view, err));
    this.entries.set(view.task_id, { view, chain, lastWrite: Date.now() });
    return chain;
  }

  /** Writes the view: at once when `urgent` (a state change), else at most every 250 ms. */
  changed(view: TaskView, urgent: boolean): void {
    const entry = this.entries.get(view.task_id);
    if (!entry || this.closed) return;
    if (urgent) {
      void this.flush(entry);
      return;
    }
    if (entry.timer) return; // the pending write will carry this progress too
    const wait = entry.lastWrite + PROGRESS_WRITE_MS - Date.now();
    if (wait <= 0) void this.flush(entry);
    else entry.timer = setTimeout(() => void this.flush(entry), wait).unref();
  }

  /** Waits for the writes of `taskId` queued so far, writing a pending progress now. */
  async settled(taskId: string): Promise<void> {
    const entry = this.entries.get(taskId);
    if (entry) await (entry.timer ? this.flush(entry) : entry.chain);
  }

  /** The task left this replica's memory (room for a new one): its row goes too. */
  evicted(taskId: string): void {
    const entry = this.entries.get(taskId);
    this.entries.delete(taskId);
    clearTimeout(entry?.timer);
    const table = this.table;
    if (!table) return;
    void (entry?.chain ?? Promise.resolve())
      .then(() => table.delete(taskId))
      .catch((err: Error) => this.logger.warn(`task ${taskId}: delete failed: ${err.message}`));
  }

  /** Deletes rows of tasks finished more than `ttlMs` ago, at most once a minute. */
  sweep(ttlMs: number, now = Date.now()): void {
    if (!this.table || now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.table
      .sweep(ttlMs)
      .catch((err: Error) => this.logger.warn(`sweeping finished tasks failed: ${err.message}`));
  }

  /** On shutdown: writes what is pending, then marks this replica's unfinished tasks lost. */
  async close(): Promise<void> {
    if (!this.table || this.closed) return;
    this.closed = true;
    await Promise.all([...this.entries.values()].map((e) => this.flush(e)));
    this.entries.clear();
    await this.markOwnLost();
  }

  private flush(entry: Entry): Promise<void> {
    const table = this.table as PgTaskTable;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.lastWrite = Date.now();
    // A finished task writes no more: its last write is this one.
    if (entry.view.finished_at !== null) this.entries.delete(entry.view.task_id);
    entry.chain = entry.chain
      .then(() => table.write(entry.view))
      .catch((err) => this.warn(entry.view, err));
    return entry.chain;
  }

  private async markOwnLost(): Promise<void> {
    if (!this.table) return;
    const me = this.table.replicaId;
    const lost = await this.table.markLost(me, lostError(me)).catch((err: Error) => {
      this.logger.warn(`marking this replica's unfinished tasks failed: ${err.message}`);
      return [];
    });
    if (lost.length > 0)
      this.logger.warn(`${lost.length} unfinished task(s) of ${me} marked failed`);
  }

  private warn(view: TaskView, err: unknown): void {
    this.logger.warn(`task ${view.task_id}: writing it failed: ${(err as Error).message}`);
  }
}
