import { Logger } from '@nestjs/common';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { PgListener } from './pg-listener';

/**
 * Patchbay's PostgreSQL (PATCHBAY_DATABASE_URL): a pool for queries and transactions, one
 * listening connection for LISTEN/NOTIFY, and advisory locks for work that must run once
 * across replicas. Exists only in database mode; the DATABASE token is null otherwise.
 */
export class Database {
  private readonly logger = new Logger(Database.name);
  private closing = false;
  private readonly listener: PgListener;

  constructor(
    private readonly pool: Pool,
    readonly url: string,
    /** This process's id among the replicas (PATCHBAY_REPLICA_ID or host-pid-random). */
    readonly replicaId: string,
  ) {
    // An idle client that loses its connection emits here; without a handler it would crash the process.
    pool.on('error', (err) => this.logger.warn(`idle connection failed: ${err.message}`));
    this.listener = new PgListener(url);
  }

  async query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<R[]> {
    const result = await this.pool.query<R>(text, values);
    return result.rows;
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A query that timed out may still run: drop that connection (the server rolls back)
      // rather than wait behind it for ROLLBACK or hand it to the next caller.
      if (timedOut(err)) client.release(err as Error);
      else
        await client.query('ROLLBACK').then(
          () => client.release(),
          (e: Error) => client.release(e),
        );
      throw err;
    }
  }

  /**
   * Runs `work` in a transaction holding the advisory lock named `name`: replicas asking for
   * the same name wait their turn (OAuth refresh per server, once-only work).
   */
  withLock<T>(name: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
      return work(client);
    });
  }

  /**
   * Calls `handler` with each payload NOTIFY sends on `channel`, from any replica (this one
   * included). After a lost connection it reconnects and calls `onResync`: notifications
   * sent meanwhile are gone, so a subscriber re-reads what it caches. Returns an unsubscribe.
   */
  listen(channel: string, handler: (payload: string) => void, onResync?: () => void): () => void {
    return this.listener.subscribe(channel, handler, onResync);
  }

  /** Sends `payload` (at most 8000 bytes) to every replica listening on `channel`. */
  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Resolves once LISTEN is in place on every channel subscribed so far (call it after listen()). */
  listening(): Promise<void> {
    return this.listener.ready();
  }

  /** True once close() began: readers stop retrying instead of using an ended pool. */
  get closed(): boolean {
    return this.closing;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.listener.close();
    await this.pool.end();
  }
}

/** pg's query_timeout error (pool-options.ts). */
const timedOut = (err: unknown): boolean =>
  err instanceof Error && err.message === 'Query read timeout';
