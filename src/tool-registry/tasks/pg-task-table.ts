import { processRedactor } from '../../common/redact';
import type { Database } from '../../database/database';
import type { TaskInputAnswer } from '../task-input';
import { StoredTask, TaskRow, parseTaskRow, taskRowOf } from './task-row';
import { TaskView, UNFINISHED_STATES } from './task-view';

export const TASK_TABLE = Symbol('TASK_TABLE');

const UNFINISHED = `state IN (${UNFINISHED_STATES.map((s) => `'${s}'`).join(', ')})`;
const COLUMNS = `task_id, owner_replica, tool, state, progress, result, error, input_request,
  cancel_requested_at, input_answer, created_at, finished_at`;
/** JSON text for a column, secret values masked as run rows are: rows outlive the process. */
const json = (value: unknown): string | null =>
  value === null ? null : processRedactor.redact(JSON.stringify(value));

/**
 * patchbay_tasks: each task as its owner last wrote it. The owner writes; other replicas
 * read, and leave it a cancel request or an answer to a question.
 */
export class PgTaskTable {
  constructor(private readonly db: Database) {}

  get replicaId(): string {
    return this.db.replicaId;
  }

  async insert(view: TaskView): Promise<void> {
    const row = taskRowOf(view, this.db.replicaId);
    await this.db.query(
      `INSERT INTO patchbay_tasks (task_id, owner_replica, tool, state, progress, result, error,
         input_request, created_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.task_id,
        row.owner_replica,
        row.tool,
        row.state,
        json(row.progress),
        json(row.result),
        json(row.error),
        json(row.input_request),
        row.created_at,
        row.finished_at,
      ],
    );
  }

  /** The owner's latest view. It always wins, even over a "lost" mark a reader wrote. */
  async write(view: TaskView): Promise<void> {
    const row = taskRowOf(view, this.db.replicaId);
    await this.db.query(
      `UPDATE patchbay_tasks SET state = $3, progress = $4, result = $5, error = $6,
         input_request = $7, finished_at = $8, updated_at = now()
       WHERE task_id = $1 AND owner_replica = $2`,
      [
        row.task_id,
        row.owner_replica,
        row.state,
        json(row.progress),
        json(row.result),
        json(row.error),
        json(row.input_request),
        row.finished_at,
      ],
    );
  }

  async get(taskId: string): Promise<StoredTask | null> {
    const rows = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM patchbay_tasks WHERE task_id = $1`,
      [taskId],
    );
    return rows[0] ? parseTaskRow(rows[0]) : null;
  }

  /** Asks the owner to cancel; false when the task has already finished. */
  async requestCancel(taskId: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE patchbay_tasks SET cancel_requested_at = now()
       WHERE task_id = $1 AND ${UNFINISHED} RETURNING task_id`,
      [taskId],
    );
    return rows.length > 0;
  }

  /** Leaves the owner an answer; false when the task is not waiting or holds one already. */
  async putAnswer(taskId: string, answer: TaskInputAnswer): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE patchbay_tasks SET input_answer = $2
       WHERE task_id = $1 AND state = 'input_required' AND input_answer IS NULL
       RETURNING task_id`,
      [taskId, json(answer)],
    );
    return rows.length > 0;
  }

  /** The owner has dealt with the answer (applied, or refused because the question went). */
  async clearAnswer(taskId: string): Promise<void> {
    await this.db.query(
      `UPDATE patchbay_tasks SET input_answer = NULL WHERE task_id = $1 AND owner_replica = $2`,
      [taskId, this.db.replicaId],
    );
  }

  /** This replica's unfinished tasks that another replica asked something of. */
  async requested(): Promise<StoredTask[]> {
    const rows = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM patchbay_tasks
       WHERE owner_replica = $1 AND ${UNFINISHED}
         AND (cancel_requested_at IS NOT NULL OR input_answer IS NOT NULL)`,
      [this.db.replicaId],
    );
    return rows.map(parseTaskRow);
  }

  /**
   * Marks unfinished tasks of `owner` (all of them, or just `taskId`) failed with `error`,
   * for a replica that is gone; details name the owner and the task. Returns what changed.
   */
  async markLost(
    owner: string,
    error: { code: string; message: string },
    taskId?: string,
  ): Promise<StoredTask[]> {
    const rows = await this.db.query<TaskRow>(
      `UPDATE patchbay_tasks SET state = 'failed', input_request = NULL, updated_at = now(),
         finished_at = now(), error = json_build_object('code', $2::text, 'message', $3::text,
           'details', json_build_object('owner_replica', owner_replica, 'task_id', task_id))
       WHERE owner_replica = $1 AND ${UNFINISHED} AND ($4::text IS NULL OR task_id = $4)
       RETURNING ${COLUMNS}`,
      [owner, error.code, processRedactor.redact(error.message), taskId ?? null],
    );
    return rows.map(parseTaskRow);
  }

  async delete(taskId: string): Promise<void> {
    await this.db.query('DELETE FROM patchbay_tasks WHERE task_id = $1', [taskId]);
  }

  /** Deletes tasks that finished more than `ttlMs` ago, whichever replica ran them. */
  async sweep(ttlMs: number): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM patchbay_tasks WHERE finished_at < now() - make_interval(secs => $1)
       RETURNING task_id`,
      [ttlMs / 1000],
    );
    return rows.length;
  }
}
