import { Binding } from '../tool.types';

/** `ok`, `tool_error` (the tool answered isError), or the error code of the failure. */
export type RunOutcome = string;

/** One invocation as GET /api/v1/execution/runs shows it (snake_case wire shape). */
export interface RunRecord {
  run_id: string;
  tool: string;
  /** null when the name resolved to nothing (an unknown tool). */
  binding: Binding | null;
  caller: string;
  started_at: string;
  duration_ms: number;
  /** The unrounded duration, for the latency histogram (not stored). */
  elapsed_ms?: number;
  outcome: RunOutcome;
  /** Arguments with every schema-marked secret replaced (see secret-args.ts). */
  args: unknown;
  /** The failure, for outcomes other than ok and tool_error. */
  error?: { code: string; message: string } | null;
  /** A bounded summary of the result (its first content texts). */
  result?: unknown;
}

/** A run as the list shows it: no error or result (GET .../runs/{run_id} adds them). */
export type RunSummary = Omit<RunRecord, 'error' | 'result' | 'elapsed_ms'> & {
  server_id: string | null;
  /** The replica that ran it (database mode only). */
  replica_id?: string;
};

export type RunDetail = RunSummary & {
  error: { code: string; message: string } | null;
  result: unknown;
};

export interface RunQuery {
  tool?: string;
  server_id?: string;
  outcome?: string;
  caller?: string;
  /** ISO times, inclusive bounds on started_at. */
  since?: string;
  until?: string;
  limit: number;
  /** A run_id: only runs recorded before it. */
  before?: string;
}

/**
 * Where runs are kept. `append` must not block the caller on I/O (a store batches its
 * writes); reads see every run appended before them (in this process).
 */
export interface RunStore {
  append(run: RunRecord): void;
  /** Newest first. @throws validation_failed when `before` names no kept run. */
  query(query: RunQuery): Promise<RunSummary[]>;
  get(runId: string): Promise<RunDetail | null>;
  /** Writes what `append` queued (before the database closes at shutdown). */
  flush(): void | Promise<void>;
  close(): void | Promise<void>;
}

export const RUN_STORE = Symbol('RUN_STORE');

export const serverIdOf = (binding: Binding | null): string | null =>
  binding?.kind === 'mcp' ? binding.server_id : null;
