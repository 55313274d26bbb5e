import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { FileWriteRefusedError } from '../common/errors/file-write-refused.error';
import { Parsed } from '../common/json-file';
import { stableStringify } from '../common/stable-json';
import type { DocumentParser, StoredDocument } from '../common/stored-document';
import { Database } from './database';

/** NOTIFY channel of document writes; the payload is `{"name", "version"}`. */
export const DOCUMENTS_CHANNEL = 'patchbay_documents';

/** Retry of a failed re-read: starts here, doubles up to the cap, until one succeeds. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

export interface DocumentRow {
  body: unknown;
  version: number;
}

/**
 * One row of patchbay_documents, served from memory like a JsonFile. A write locks the row,
 * applies the change to the row as stored (not to this replica's copy, so replicas never lose
 * each other's edits), checks it with the start-up parser, bumps the version and notifies in
 * the same transaction. Other replicas re-read the row when notified of a newer version.
 */
export class PgDocument<T> implements StoredDocument<T> {
  private readonly logger: Logger;
  private current: T;
  private version: number;
  private queue: Promise<unknown> = Promise.resolve();
  private onChange?: (value: T) => void;
  /** A change arrived before anyone watched: the first watcher hears of it at once. */
  private unseen = false;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private retryDelay = RETRY_FIRST_MS;

  constructor(
    private readonly db: Database,
    readonly name: string,
    private readonly parse: DocumentParser<T>,
    initial: { value: T; version: number },
  ) {
    this.logger = new Logger(`PgDocument(${name})`);
    this.current = initial.value;
    this.version = initial.version;
  }

  get value(): T {
    return this.current;
  }

  /** The stored version memory holds (0: the row did not exist when this replica read it). */
  get storedVersion(): number {
    return this.version;
  }

  update(mutate: (current: T) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const written = await this.db.transaction((client) => this.write(client, mutate));
      if (written.version > this.version) {
        this.current = written.value;
        this.version = written.version;
      }
      return written.value;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores memory as version 1 when the row does not exist yet (the first start: empty, or
   * the imported file); when another replica stored one first, takes that instead.
   */
  insertFirst(): Promise<void> {
    const run = this.queue.then(async () => {
      const text = stableStringify(this.current);
      const parsed = this.parse(JSON.parse(text));
      if (!parsed.ok) throw this.refuse(parsed.problems);
      const inserted = await this.db.query(
        `INSERT INTO patchbay_documents (name, body, version, updated_by)
         VALUES ($1, $2::jsonb, 1, $3) ON CONFLICT (name) DO NOTHING RETURNING version`,
        [this.name, text, this.db.replicaId],
      );
      if (inserted.length === 0) return false;
      this.version = Math.max(this.version, 1);
      await this.db.notify(DOCUMENTS_CHANNEL, JSON.stringify({ name: this.name, version: 1 }));
      return true;
    });
    this.queue = run.catch(() => undefined);
    return run.then((inserted) => (inserted ? undefined : this.reload()));
  }

  watch(onChange: (value: T) => void): void {
    this.onChange = onChange;
    if (this.unseen) {
      this.unseen = false;
      onChange(this.current);
    }
  }

  /** Re-reads the row now (after a notification, a reconnect, or when asked). */
  reload(onChange?: (value: T) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const [row] = await this.db.query<{ body: unknown; version: string }>(
        'SELECT body, version FROM patchbay_documents WHERE name = $1',
        [this.name],
      );
      if (row) this.adopt({ body: row.body, version: Number(row.version) }, onChange);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A write on some replica reached `version`: re-read unless memory has it already. */
  notified(version: number): void {
    if (!this.closed && version > this.version) this.catchUp();
  }

  /**
   * Re-reads the row, and on failure again later (backing off) until a read succeeds: a
   * missed change (a revoked key) must not stay in memory until the next write.
   */
  catchUp(): void {
    if (this.closed) return;
    this.reload().then(
      () => (this.retryDelay = RETRY_FIRST_MS),
      (err: Error) => this.retryLater(err),
    );
  }

  /** Stops listening and retrying; `update` still works (a last flush during shutdown). */
  close(): void {
    this.closed = true;
    this.onChange = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private retryLater(err: Error): void {
    if (this.closed || this.retryTimer || this.db.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, RETRY_MAX_MS);
    this.logger.warn(`could not re-read (${err.message}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.catchUp();
    }, delay);
    this.retryTimer.unref();
  }

  private async write(
    client: PoolClient,
    mutate: (current: T) => T,
  ): Promise<{ value: T; version: number }> {
    const stored = await this.lockRow(client);
    // Another replica wrote since this one last read: catch up first, then change that.
    if (stored.version > this.version) this.adopt(stored);
    const text = stableStringify(mutate(this.current));
    // Nothing changes: no new version, no NOTIFY making every replica re-read.
    if (stored.version > 0 && text === stableStringify(stored.body)) {
      return { value: this.current, version: stored.version };
    }
    const parsed = this.parse(JSON.parse(text));
    if (!parsed.ok) throw this.refuse(parsed.problems);
    const version = stored.version + 1;
    await client.query(
      `UPDATE patchbay_documents SET body = $2::jsonb, version = $3, updated_at = now(),
         updated_by = $4 WHERE name = $1`,
      [this.name, text, version, this.db.replicaId],
    );
    await client.query('SELECT pg_notify($1, $2)', [
      DOCUMENTS_CHANNEL,
      JSON.stringify({ name: this.name, version }),
    ]);
    return { value: parsed.value, version };
  }

  /** The row as stored, locked until the transaction ends (created empty-versioned if missing). */
  private async lockRow(client: PoolClient): Promise<DocumentRow> {
    await client.query(
      `INSERT INTO patchbay_documents (name, body, version, updated_by)
       VALUES ($1, $2::jsonb, 0, $3) ON CONFLICT (name) DO NOTHING`,
      [this.name, JSON.stringify(this.current), this.db.replicaId],
    );
    const { rows } = await client.query<{ body: unknown; version: string }>(
      'SELECT body, version FROM patchbay_documents WHERE name = $1 FOR UPDATE',
      [this.name],
    );
    return { body: rows[0].body, version: Number(rows[0].version) };
  }

  /** Takes a newer stored state into memory; an invalid one is logged and ignored. */
  private adopt(row: DocumentRow, onChange = this.onChange): void {
    if (row.version <= this.version) return;
    this.version = row.version;
    // A new version with the same content (a replica's first insert losing to another's).
    if (stableStringify(row.body) === stableStringify(this.current)) return;
    const parsed: Parsed<T> = this.parse(row.body);
    if (!parsed.ok) {
      this.logger.error(
        `stored document ${this.name} v${row.version} is invalid, keeping the last good state:\n  ${parsed.problems.join('\n  ')}`,
      );
      return;
    }
    this.current = parsed.value;
    if (onChange) onChange(parsed.value);
    else this.unseen = true;
  }

  private refuse(problems: string[]): FileWriteRefusedError {
    const error = new FileWriteRefusedError(`document ${this.name}`, problems);
    this.logger.error(error.message);
    return error;
  }
}
