import type { TaskInputAnswer } from '../task-input';
import { TASK_STATES, TaskState, TaskView } from './task-view';

/** A row of patchbay_tasks as pg returns it (json parsed, timestamptz as Date). */
export interface TaskRow {
  task_id: string;
  owner_replica: string;
  tool: string;
  state: string;
  progress: unknown;
  result: unknown;
  error: unknown;
  input_request: unknown;
  cancel_requested_at: Date | string | null;
  input_answer: unknown;
  created_at: Date | string;
  finished_at: Date | string | null;
}

/** A task read from the table: the view, its owner, and what other replicas asked of it. */
export interface StoredTask {
  view: TaskView;
  owner: string;
  cancelRequested: boolean;
  inputAnswer: TaskInputAnswer | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectOrNull<T>(
  row: TaskRow,
  field: keyof TaskRow,
  check?: (v: Record<string, unknown>) => boolean,
): T | null {
  const value = row[field];
  if (value === null || value === undefined) return null;
  if (!isObject(value) || (check && !check(value))) {
    throw new Error(`patchbay_tasks row ${row.task_id}: ${field} is malformed`);
  }
  return value as T;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Reads a row, refusing one that is not a task (the same check guards every write). */
export function parseTaskRow(row: TaskRow): StoredTask {
  if (typeof row.task_id !== 'string' || typeof row.owner_replica !== 'string') {
    throw new Error('patchbay_tasks row without task_id or owner_replica');
  }
  if (!TASK_STATES.includes(row.state as TaskState)) {
    throw new Error(`patchbay_tasks row ${row.task_id}: unknown state "${row.state}"`);
  }
  const view: TaskView = {
    task_id: row.task_id,
    tool: row.tool,
    state: row.state as TaskState,
    progress: objectOrNull(row, 'progress', (p) => typeof p.progress === 'number'),
    input_request: objectOrNull(row, 'input_request', (r) => typeof r.message === 'string'),
    result: objectOrNull(row, 'result', (r) => typeof r.is_error === 'boolean'),
    error: objectOrNull(row, 'error', (e) => typeof e.code === 'string'),
    created_at: iso(row.created_at),
    finished_at: row.finished_at === null ? null : iso(row.finished_at),
  };
  const inputAnswer = objectOrNull<TaskInputAnswer>(row, 'input_answer', (a) =>
    ['accept', 'decline', 'cancel'].includes(String(a.action)),
  );
  return {
    view,
    owner: row.owner_replica,
    cancelRequested: row.cancel_requested_at !== null,
    inputAnswer,
  };
}

/** The row the owner writes for `view`, checked by the parser that reads it back (the write rule). */
export function taskRowOf(view: TaskView, owner: string): TaskRow {
  const row: TaskRow = {
    task_id: view.task_id,
    owner_replica: owner,
    tool: view.tool,
    state: view.state,
    progress: view.progress,
    result: view.result,
    error: view.error,
    input_request: view.input_request,
    cancel_requested_at: null,
    input_answer: null,
    created_at: view.created_at,
    finished_at: view.finished_at,
  };
  parseTaskRow(row);
  return row;
}
