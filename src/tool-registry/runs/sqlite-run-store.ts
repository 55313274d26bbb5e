import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { validationFailed } from '../../common/validation';
import { RUNS_SCHEMA, RunRow, toRow, toDetail, toSummary } from './run-rows';
import { RunDetail, RunQuery, RunRecord, RunStore, RunSummary } from './run-store';

const FLUSH_DELAY_MS = 50;
const FLUSH_BATCH = 256;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs in an embedded SQLite file (WAL). Appends are queued and written in one transaction
 * shortly after, off the caller's path; a read writes the queue first so it sees every run.
 */
export class SqliteRunStore implements RunStore {
  private readonly logger = new Logger('RunStore');
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly insert: Database.Statement;
  private pending: RunRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeper: NodeJS.Timeout;

  /** `file` may be ':memory:'. Runs older than `retentionDays` are deleted, hourly. */
  constructor(
    file: string,
    private readonly retentionDays: number,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file);
    if (file !== ':memory:') chmodSync(file, 0o600); // before WAL: its files take this mode
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(RUNS_SCHEMA);
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO runs (run_id, tool, server_id, caller, outcome, started_at,
        duration_ms, binding, args, error, result)
       VALUES (@run_id, @tool, @server_id, @caller, @outcome, @started_at, @duration_ms,
        @binding, @args, @error, @result)`,
    );
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), RETENTION_SWEEP_MS).unref();
  }

  append(run: RunRecord): void {
    const n = this.pending.push(run);
    if (n === FLUSH_BATCH) setImmediate(() => this.flush());
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS).unref();
  }

  query(q: RunQuery): Promise<RunSummary[]> {
    try {
      return Promise.resolve(this.querySync(q));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  get(runId: string): Promise<RunDetail | null> {
    this.flush();
    const row = this.statement('SELECT * FROM runs WHERE run_id = ?').get(runId) as
      RunRow | undefined;
    return Promise.resolve(row ? toDetail(row) : null);
  }

  private querySync(q: RunQuery): RunSummary[] {
    this.flush();
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
      params.before = this.seqOf(q.before);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT @limit`;
    return (this.statement(sql).all(params) as RunRow[]).map(toSummary);
  }

  /** Writes the queue in one transaction; a failed write is logged and its runs dropped. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => batch.forEach((run) => this.insert.run(toRow(run))))();
    } catch (err) {
      this.logger.warn(`could not write ${batch.length} runs: ${String(err)}`);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.flush();
    if (this.db.open) this.db.close();
  }

  private seqOf(runId: string): number {
    const row = this.statement('SELECT seq FROM runs WHERE run_id = ?').get(runId) as
      { seq: number } | undefined;
    if (!row) {
      throw validationFailed([{ field: 'before', problems: ['names no kept run'] }]);
    }
    return row.seq;
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.retentionDays * DAY_MS;
    const { changes } = this.statement('DELETE FROM runs WHERE started_at < ?').run(cutoff);
    if (changes > 0)
      this.logger.log(`deleted ${changes} runs older than ${this.retentionDays} days`);
  }
}
