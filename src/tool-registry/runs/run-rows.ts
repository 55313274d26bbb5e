import { processRedactor } from '../../common/redact';
import { RunDetail, RunRecord, RunSummary, serverIdOf } from './run-store';

const MAX_ARGS_CHARS = 4096;
const MAX_RESULT_CHARS = 2048;

export const RUNS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL UNIQUE,
    tool TEXT NOT NULL,
    server_id TEXT,
    caller TEXT NOT NULL,
    outcome TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    binding TEXT,
    args TEXT,
    error TEXT,
    result TEXT
  );
  CREATE INDEX IF NOT EXISTS runs_by_tool ON runs (tool, seq);
  CREATE INDEX IF NOT EXISTS runs_by_server ON runs (server_id, seq);
  CREATE INDEX IF NOT EXISTS runs_by_outcome ON runs (outcome, seq);
  CREATE INDEX IF NOT EXISTS runs_by_caller ON runs (caller, seq);
  CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at);
`;

export interface RunRow {
  seq: number;
  run_id: string;
  tool: string;
  server_id: string | null;
  caller: string;
  outcome: string;
  started_at: number;
  duration_ms: number;
  binding: string | null;
  args: string | null;
  error: string | null;
  result: string | null;
}

/** Known secret values are masked here, as the row is written (schema fields already are). */
export function toRow(run: RunRecord): Omit<RunRow, 'seq'> {
  return {
    run_id: run.run_id,
    tool: run.tool,
    server_id: serverIdOf(run.binding),
    caller: run.caller,
    outcome: run.outcome,
    started_at: Date.parse(run.started_at),
    duration_ms: run.duration_ms,
    binding: run.binding ? JSON.stringify(run.binding) : null,
    args: boundedArgs(run.args),
    error: masked(run.error ?? null),
    result: summary(run.result ?? null),
  };
}

export function toSummary(row: RunRow): RunSummary {
  return {
    run_id: row.run_id,
    tool: row.tool,
    binding: parse(row.binding) as RunSummary['binding'],
    server_id: row.server_id,
    caller: row.caller,
    started_at: new Date(row.started_at).toISOString(),
    duration_ms: row.duration_ms,
    outcome: row.outcome,
    args: parse(row.args),
  };
}

export function toDetail(row: RunRow): RunDetail {
  return {
    ...toSummary(row),
    error: parse(row.error) as RunDetail['error'],
    result: parse(row.result),
  };
}

/** Huge argument objects are not kept whole: the file stays bounded. */
function boundedArgs(args: unknown): string {
  const text = JSON.stringify(args ?? null);
  if (text.length > MAX_ARGS_CHARS) return JSON.stringify({ truncated: true, chars: text.length });
  return processRedactor.redact(text);
}

function masked(value: unknown): string | null {
  return value === null ? null : processRedactor.redact(JSON.stringify(value));
}

/** The result's first characters: enough to recognise it, never a whole payload. */
function summary(result: unknown): string | null {
  if (result === null) return null;
  const text = processRedactor.redact(JSON.stringify(result));
  if (text.length <= MAX_RESULT_CHARS) return text;
  return JSON.stringify({ preview: text.slice(0, MAX_RESULT_CHARS), chars: text.length });
}

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
