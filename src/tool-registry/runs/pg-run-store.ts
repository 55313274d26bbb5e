import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { validationFailed } from '../../common/validation';
import { Database } from '../../database/database';
import { RunRow, toDetail, toRow, toSummary } from './run-rows';
import { RunDetail, RunQuery, RunRecord, RunStore, RunSummary } from './run-store';

const FLUSH_DELAY_MS = 100;
const FLUSH_BATCH = 200;
/** Runs held while the database is slow or down; beyond this the oldest are dropped. */
const MAX_PENDING = 10_000;
const RETRY_MS = 1000;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const COLUMNS =
  'seq, run_id, replica_id, tool, server_id, caller, outcome, started_at, duration_ms, binding, args, error, result';

/** One statement for a whole batch: each column goes as one array parameter. */
const INSERT = `
  INSERT INTO patchbay_runs (run_id, replica_id, tool, server_id, caller, outcome, started_at,
    duration_ms, binding, args, error, result)
  SELECT r.run_id, $1, r.tool, r.server_id, r.caller, r.outcome, r.started_at, r.duration_ms,
    r.binding, r.args, r.error, r.result
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
    $8::integer[], $9::text[], $10::text[], $11::text[], $12::text[])
    AS r(run_id, tool, server_id, caller, outcome, started_at, duration_ms, binding, args, error, result)
  ON CONFLICT (run_id) DO NOTHING`;

type PgRunRow = Omit<RunRow, 'seq' | 'started_at'> & {
  seq: string;
  replica_id: string;
  started_at: Date;
};

/**
 * Runs of every replica in PostgreSQL. `append` only queues: a batch goes out in one INSERT
 * every 100 ms or 200 runs, off the caller's path. A read first writes this replica's queue,
 * so it sees every run appended here before it (other replicas' runs once they flush).
 */
export class PgRunStore implements RunStore, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RunStore');
  private pending: RunRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  /** The one write loop in flight, if any. */
  private draining: Promise<void> | null = null;
  /** Runs dropped since the queue last filled up (reported once the database takes writes). */
  private dropped = 0;
  private readonly maxPending: number;

  constructor(
    private readonly db: Database,
    private readonly retentionDays: number,
    options: { maxPending?: number } = {},
  ) {
    this.maxPending = options.maxPending ?? MAX_PENDING;
  }

  onModuleInit(): void {
    // Every replica sweeps: an idempotent DELETE once an hour costs less than coordinating it.
    void this.prune();
    this.sweeper = setInterval(() => void this.prune(), RETENTION_SWEEP_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  append(run: RunRecord): void {
    const n = this.pending.push(run);
    if (n > this.maxPending) this.drop(n - this.maxPending);
    if (n === FLUSH_BATCH) setImmediate(() => void this.flush());
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS).unref();
  }

  async query(q: RunQuery): Promise<RunSummary[]> {
    await this.flush();
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    for (const key of ['tool', 'server_id', 'outcome', 'caller'] as const) {
      if (q[key] !== undefined) where.push(`${key} = ${param(q[key])}`);
    }
    if (q.since) where.push(`started_at >= ${param(q.since)}`);
    if (q.until) where.push(`started_at <= ${param(q.until)}`);
    if (q.before) {
      const at = await this.positionOf(q.before);
      where.push(`(started_at, seq) < (${param(at.started_at)}, ${param(at.seq)})`);
    }
    const rows = await this.db.query<PgRunRow>(
      `SELECT ${COLUMNS} FROM patchbay_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, seq DESC LIMIT ${param(q.limit)}`,
      values,
    );
    return rows.map((row) => ({ ...toSummary(fromPg(row)), replica_id: row.replica_id }));
  }

  async get(runId: string): Promise<RunDetail | null> {
    await this.flush();
    const [row] = await this.db.query<PgRunRow>(
      `SELECT ${COLUMNS} FROM patchbay_runs WHERE run_id = $1`,
      [runId],
    );
    return row ? { ...toDetail(fromPg(row)), replica_id: row.replica_id } : null;
  }

  /**
   * Writes the queue, one batch in flight at a time so runs keep their order; resolves when
   * the queue is empty or a write failed (retried later). Runs appended meanwhile wait in
   * `pending`, bounded by maxPending, however long the database takes.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.draining && this.pending.length > 0) this.draining = this.drain();
    return this.draining ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        if (!(await this.write(this.pending.splice(0, FLUSH_BATCH)))) return;
      }
    } finally {
      this.draining = null;
    }
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.flush();
  }

  /** Deletes runs past retention, from every replica. @returns how many were deleted. */
  async prune(now = Date.now()): Promise<number> {
    const cutoff = new Date(now - this.retentionDays * DAY_MS);
    try {
      const rows = await this.db.query<{ n: string }>(
        'WITH gone AS (DELETE FROM patchbay_runs WHERE started_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
        [cutoff],
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) this.logger.log(`deleted ${n} runs older than ${this.retentionDays} days`);
      return n;
    } catch (err) {
      this.logger.warn(`could not delete old runs: ${(err as Error).message}`);
      return 0;
    }
  }

  /**
   * A write the database refused for its data is dropped (logged); any other failure (the
   * connection) puts the batch back for a retry, within maxPending. @returns false then.
   */
  private async write(batch: RunRecord[]): Promise<boolean> {
    try {
      await this.db.query(INSERT, [this.db.replicaId, ...columnsOf(batch)]);
      if (this.dropped > 0) {
        this.logger.warn(`dropped ${this.dropped} runs the database could not take in time`);
        this.dropped = 0;
      }
      return true;
    } catch (err) {
      const reason = (err as Error).message;
      if (!retriable(err)) {
        this.logger.warn(`could not write ${batch.length} runs: ${reason}`);
        return true;
      }
      this.pending.unshift(...batch);
      this.drop(this.pending.length - this.maxPending);
      this.logger.warn(`could not write ${batch.length} runs, retrying: ${reason}`);
      if (!this.timer) this.timer = setTimeout(() => void this.flush(), RETRY_MS).unref();
      return false;
    }
  }

  /** Drops the oldest `count` queued runs, warning when the queue starts to overflow. */
  private drop(count: number): void {
    if (count <= 0) return;
    this.pending.splice(0, count);
    if (this.dropped === 0) {
      this.logger.warn(`run queue full (${this.maxPending}): dropping the oldest runs`);
    }
    this.dropped += count;
  }

  private async positionOf(runId: string): Promise<{ started_at: Date; seq: string }> {
    const [row] = await this.db.query<{ started_at: Date; seq: string }>(
      'SELECT started_at, seq FROM patchbay_runs WHERE run_id = $1',
      [runId],
    );
    if (!row) throw validationFailed([{ field: 'before', problems: ['names no kept run'] }]);
    return row;
  }
}

/** The batch as eleven arrays, one per column after replica_id (the INSERT's $2..$12). */
function columnsOf(batch: RunRecord[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const run of batch) {
    const row = toRow(run);
    const values = [
      text(row.run_id),
      text(row.tool),
      text(row.server_id),
      text(row.caller),
      text(row.outcome),
      new Date(row.started_at).toISOString(),
      Math.round(row.duration_ms),
      row.binding,
      row.args,
      row.error,
      row.result,
    ];
    values.forEach((value, i) => columns[i].push(value));
  }
  return columns;
}

/** PostgreSQL text cannot hold NUL (JSON columns escape it already); one must not fail a batch. */
const text = (value: string | null) => value?.replace(/\0/g, '\uFFFD') ?? null;

/** SQLSTATE classes 22 (data exception) and 23 (constraint): the same batch would fail again. */
const retriable = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return !(typeof code === 'string' && /^2[23]/.test(code));
};

function fromPg(row: PgRunRow): RunRow {
  return { ...row, seq: Number(row.seq), started_at: row.started_at.getTime() };
}
