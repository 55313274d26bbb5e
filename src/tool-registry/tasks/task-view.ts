import type { InputRequest } from '../task-input';
import type { InvokeResult, ToolProgress } from '../tool.types';

export type TaskState =
  'queued' | 'running' | 'input_required' | 'succeeded' | 'failed' | 'cancelled';

export const TASK_STATES: readonly TaskState[] = [
  'queued',
  'running',
  'input_required',
  'succeeded',
  'failed',
  'cancelled',
];

/** States a task can still leave: it is running or waiting somewhere. */
export const UNFINISHED_STATES: readonly TaskState[] = ['queued', 'running', 'input_required'];

/** A task as GET /api/v1/execution/tasks/{task_id} shows it. */
export interface TaskView {
  task_id: string;
  tool: string;
  state: TaskState;
  progress: ToolProgress | null;
  /** While `input_required`: what the MCP server asks for. */
  input_request: InputRequest | null;
  result: InvokeResult | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
  created_at: string;
  finished_at: string | null;
}
