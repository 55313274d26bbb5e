import { Logger, OnModuleDestroy } from '@nestjs/common';
import { internalError } from '../common/errors/catalogue';
import type { Database } from '../database/database';
import {
  CREDENTIALS_CHANNEL as CHANNEL,
  CREDENTIALS_TABLE as TABLE,
  CredentialRow,
  checkKey,
  databaseKey,
  openAtStart,
  openRow,
  rowLabel,
  sealRow,
} from './pg-secret-rows';
import { ExternalChange, SecretStore } from './secret-store';
import { SecretValue } from './secrets.types';

type Maps = Map<string, Map<string, SecretValue>>;
/** What a NOTIFY says: which row changed (name null: every row of the server), never the value. */
interface Notice {
  server_id: string;
  name: string | null;
  replica: string;
}

const SELECT = `SELECT server_id, name, sealed FROM ${TABLE}`;
/** Retry of a failed re-read: starts here, doubles up to the cap, until one succeeds. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Database mode's credential store: one sealed row per value in PostgreSQL, all of them
 * opened into memory at start (reads stay synchronous). A write commits its row and a NOTIFY
 * together; every other replica then reads that row again and reports what changed. Writes,
 * re-reads and resyncs run one at a time, so a late re-read never undoes a newer local write.
 */
export class PgSecretStore implements SecretStore, OnModuleDestroy {
  private readonly logger = new Logger(PgSecretStore.name);
  private readonly listeners: ((change: ExternalChange) => void)[] = [];
  private entries?: Maps;
  private key?: Buffer;
  private queue: Promise<unknown> = Promise.resolve();
  private retryTimer?: NodeJS.Timeout;
  private retryDelay = RETRY_FIRST_MS;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly secretsKey: string | undefined,
  ) {}

  load(): Promise<void> {
    return this.serial(async () => {
      if (this.entries) return;
      const key = databaseKey(this.secretsKey);
      await checkKey(this.db, key);
      this.db.listen(
        CHANNEL,
        (payload) => this.notified(payload),
        () => this.catchUp(),
      );
      await this.db.listening();
      const entries: Maps = new Map();
      for (const row of await this.db.query<CredentialRow>(SELECT)) {
        put(entries, row.server_id, row.name, new SecretValue(openAtStart(key, row)));
      }
      this.key = key;
      this.entries = entries;
    });
  }

  get(serverId: string, name: string): SecretValue | undefined {
    return this.loaded().get(serverId)?.get(name);
  }

  values(): SecretValue[] {
    return [...this.loaded().values()].flatMap((m) => [...m.values()]);
  }

  watch(listener: (change: ExternalChange) => void): void {
    this.listeners.push(listener);
  }

  set(serverId: string, name: string, value: SecretValue): Promise<void> {
    return this.serial(async () => {
      const sealed = sealRow(this.loadedKey(), serverId, name, value.reveal());
      await this.db.transaction(async (client) => {
        await client.query(
          `INSERT INTO ${TABLE} (server_id, name, sealed, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (server_id, name) DO UPDATE
           SET sealed = EXCLUDED.sealed, updated_at = now(), updated_by = EXCLUDED.updated_by`,
          [serverId, name, sealed, this.db.replicaId],
        );
        await client.query('SELECT pg_notify($1, $2)', [CHANNEL, this.notice(serverId, name)]);
      });
      put(this.loaded(), serverId, name, value);
    });
  }

  delete(serverId: string, name: string): Promise<boolean> {
    return this.remove(serverId, name);
  }

  deleteAll(serverId: string): Promise<boolean> {
    return this.remove(serverId, null);
  }

  reload(serverId: string, name: string): Promise<void> {
    return this.serial(() => this.refresh(serverId, name));
  }

  /** Lets writes in flight finish; the database closes the LISTEN connection after this. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.queue;
  }

  /** Deletes one row, or every row of the server (name null); NOTIFY commits with it. */
  private remove(serverId: string, name: string | null): Promise<boolean> {
    return this.serial(async () => {
      const deleted = await this.db.transaction(async (client) => {
        const result = await client.query(
          `DELETE FROM ${TABLE} WHERE server_id = $1 AND ($2::text IS NULL OR name = $2)`,
          [serverId, name],
        );
        const count = result.rowCount ?? 0;
        if (count > 0) {
          await client.query('SELECT pg_notify($1, $2)', [CHANNEL, this.notice(serverId, name)]);
        }
        return count > 0;
      });
      const maps = this.loaded();
      const server = maps.get(serverId);
      if (name === null) maps.delete(serverId);
      else if (server?.delete(name) && server.size === 0) maps.delete(serverId);
      return deleted;
    });
  }

  private notified(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    if (notice.replica === this.db.replicaId || typeof notice.server_id !== 'string') return;
    this.catchUp(notice.server_id, notice.name ?? undefined);
  }

  /**
   * Re-reads rows; on failure re-reads every row later (backing off) until a read succeeds,
   * so a removed credential does not stay in memory until the next write.
   */
  private catchUp(serverId?: string, name?: string): void {
    if (this.closed) return;
    this.serial(() => this.refresh(serverId, name)).then(
      () => (this.retryDelay = RETRY_FIRST_MS),
      (err: Error) => this.retryLater(err),
    );
  }

  private retryLater(err: Error): void {
    if (this.closed || this.retryTimer || this.db.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, RETRY_MAX_MS);
    this.logger.warn(`credential re-read failed (${err.message}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.catchUp();
    }, delay);
    this.retryTimer.unref();
  }

  /**
   * Reads rows afresh (one, a server's, or all after a lost LISTEN connection) and reports
   * each value that differs from memory. A row this key cannot open keeps what memory has.
   */
  private async refresh(serverId?: string, name?: string): Promise<void> {
    const rows = await this.db.query<CredentialRow>(
      `${SELECT} WHERE ($1::text IS NULL OR server_id = $1) AND ($2::text IS NULL OR name = $2)`,
      [serverId ?? null, name ?? null],
    );
    const maps = this.loaded();
    const inScope = (id: string, n: string) =>
      (serverId === undefined || id === serverId) && (name === undefined || n === name);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(JSON.stringify([row.server_id, row.name]));
      const opened = openRow(this.loadedKey(), row);
      if (!opened.ok) {
        this.logger.error(`cannot open ${rowLabel(row)} (${opened.problem}); kept the old value`);
        continue;
      }
      const before = maps.get(row.server_id)?.get(row.name);
      if (before?.reveal() === opened.value) continue;
      const after = new SecretValue(opened.value);
      put(maps, row.server_id, row.name, after);
      this.emit({ serverId: row.server_id, name: row.name, before, after });
    }
    for (const [id, server] of [...maps]) {
      for (const [n, before] of [...server]) {
        if (!inScope(id, n) || seen.has(JSON.stringify([id, n]))) continue;
        server.delete(n);
        if (server.size === 0) maps.delete(id);
        this.emit({ serverId: id, name: n, before });
      }
    }
  }

  private emit(change: ExternalChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private notice(serverId: string, name: string | null): string {
    const notice: Notice = { server_id: serverId, name, replica: this.db.replicaId };
    return JSON.stringify(notice);
  }

  /** Runs `work` after every earlier write or re-read; a failure does not block the next. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private loaded(): Maps {
    if (!this.entries) throw internalError('The credential store was used before it loaded.');
    return this.entries;
  }

  private loadedKey(): Buffer {
    if (!this.key) throw internalError('The credential store was used before it loaded.');
    return this.key;
  }
}

function put(maps: Maps, serverId: string, name: string, value: SecretValue): void {
  const server = maps.get(serverId) ?? new Map<string, SecretValue>();
  server.set(name, value);
  maps.set(serverId, server);
}
