import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { validationFailed } from '../../common/validation';
import { RUNS_SCHEMA, RunRow, toRow, toDetail, toSummary } from './run-rows';
import { RunDetail, RunQuery, RunRecord, RunStore, RunSummary } from './run-store';
import { SqliteRunWorker } from './sqlite-run-worker';

const FLUSH_DELAY_MS = 50;
const FLUSH_BATCH = 256;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const INSERT = `INSERT OR IGNORE INTO runs (run_id, tool, server_id, caller, outcome, started_at,
    duration_ms, binding, args, error, result)
  VALUES (@run_id, @tool, @server_id, @caller, @outcome, @started_at, @duration_ms,
    @binding, @args, @error, @result)`;

/**
 * Runs in an embedded SQLite file (WAL), written and read on a worker thread with its own
 * connection: the inserts (six indexes) cost the main thread nothing but one message per
 * batch. Appends are queued and sent shortly after, off the caller's path; rows are built
 * (and known secrets masked) here, where the redactor lives. A read sends the queue first:
 * the thread answers in order, so it sees every run appended before it.
 */
export class SqliteRunStore implements RunStore {
  private readonly logger = new Logger('RunStore');
  private readonly thread: SqliteRunWorker;
  private pending: RunRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;

  /** `file` may be ':memory:'. Runs older than `retentionDays` are deleted, hourly. */
  constructor(
    file: string,
    private readonly retentionDays: number,
  ) {
    if (file !== ':memory:') prepareFile(file);
    this.thread = new SqliteRunWorker({ file, schema: RUNS_SCHEMA, insert: INSERT });
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), RETENTION_SWEEP_MS).unref();
  }

  append(run: RunRecord): void {
    const n = this.pending.push(run);
    if (n === FLUSH_BATCH) setImmediate(() => this.send());
    else if (!this.timer) this.timer = setTimeout(() => this.send(), FLUSH_DELAY_MS).unref();
  }

  async query(q: RunQuery): Promise<RunSummary[]> {
    this.send();
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: q.limit };
    for (const key of ['tool', 'server_id', 'outcome', 'caller'] as const) {
      if (q[key] === undefined) continue;
      where.push(`${key} = @${key}`);
      params[key] = q[key];
    }
    if (q.since) {
      where.push('started_at >= @since');
      params.since = Date.parse(q.since);
    }
    if (q.until) {
      where.push('started_at <= @until');
      params.until = Date.parse(q.until);
    }
    if (q.before) {
      where.push('seq < @before');
      params.before = await this.seqOf(q.before);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT @limit`;
    const rows = (await this.thread.request({ op: 'all', sql, params })) as RunRow[];
    return rows.map(toSummary);
  }

  async get(runId: string): Promise<RunDetail | null> {
    this.send();
    const sql = 'SELECT * FROM runs WHERE run_id = @run_id';
    const row = (await this.thread.request({
      op: 'get',
      sql,
      params: { run_id: runId },
    })) as RunRow | null;
    return row ? toDetail(row) : null;
  }

  /** Resolves once the queue is written. */
  async flush(): Promise<void> {
    this.send();
    await this.thread.request({ op: 'sync' });
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.send();
    await this.thread.close();
  }

  /** Sends the queue to the thread as one batch (one transaction there). */
  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.thread.write(batch.map(toRow));
  }

  private async seqOf(runId: string): Promise<number> {
    const sql = 'SELECT seq FROM runs WHERE run_id = @run_id';
    const row = (await this.thread.request({ op: 'get', sql, params: { run_id: runId } })) as {
      seq: number;
    } | null;
    if (!row) {
      throw validationFailed([{ field: 'before', problems: ['names no kept run'] }]);
    }
    return row.seq;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.retentionDays * DAY_MS;
    const sql = 'DELETE FROM runs WHERE started_at < @cutoff';
    this.thread.request({ op: 'run', sql, params: { cutoff } }).then(
      (changes) => {
        if (Number(changes) > 0)
          this.logger.log(`deleted ${String(changes)} runs older than ${this.retentionDays} days`);
      },
      (err: Error) => this.logger.warn(`could not delete old runs: ${err.message}`),
    );
  }
}

/** Creates the file with its mode and schema here, so a bad data dir fails at boot. */
function prepareFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    chmodSync(file, 0o600); // before WAL: its files take this mode
    db.pragma('journal_mode = WAL');
    db.exec(RUNS_SCHEMA);
  } finally {
    db.close();
  }
}
