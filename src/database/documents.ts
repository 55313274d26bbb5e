import { Logger, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { JsonFile } from '../common/json-file';
import type { DocumentParser, StoredDocument } from '../common/stored-document';
import { fileInvalid } from '../common/errors/catalogue';
import { Database } from './database';
import { DOCUMENTS_CHANNEL, DocumentRow, PgDocument } from './pg-document';

export interface OpenOptions {
  /**
   * Database mode, first start: when the document has no row yet, the file's content is
   * imported as its first version (a single-process install keeps its edits). Default true.
   */
  importFile?: boolean;
}

const HELLO_TIMEOUT_MS = 5_000;

/**
 * Where the documents the API edits live: files in file mode (JsonFile), rows of
 * patchbay_documents in database mode (PgDocument). Made once at start by `load`, which reads
 * every row, so stores open their document synchronously in their constructors.
 */
export class Documents implements OnModuleDestroy {
  private readonly logger = new Logger(Documents.name);
  private readonly opened = new Map<string, PgDocument<unknown>>();
  /** The newest version each notification named, also for documents not opened yet. */
  private readonly noted = new Map<string, number>();

  private constructor(
    private readonly db: Database | null,
    private readonly rows: Map<string, DocumentRow>,
  ) {}

  /** File mode: every document is its file, as without a database. */
  static files(): Documents {
    return new Documents(null, new Map());
  }

  /** Listens for writes (and waits until LISTEN is live), then reads every row once. */
  static async load(db: Database | null): Promise<Documents> {
    if (!db) return Documents.files();
    const rows = new Map<string, DocumentRow>();
    const documents = new Documents(db, rows);
    await documents.listen(db);
    const found = await db.query<{ name: string; body: unknown; version: string }>(
      'SELECT name, body, version FROM patchbay_documents',
    );
    for (const r of found) rows.set(r.name, { body: r.body, version: Number(r.version) });
    return documents;
  }

  /** Stops every document's re-reads and retries (writes still work for a last flush). */
  onModuleDestroy(): void {
    for (const doc of this.opened.values()) doc.close();
  }

  /** Whether documents are shared between replicas (database mode). */
  get shared(): boolean {
    return this.db !== null;
  }

  /**
   * The document `name`: the file at `path` in file mode, its row in database mode. The
   * start-up parse applies to both; an invalid document stops the start (config_invalid).
   */
  document<T>(
    name: string,
    path: string,
    parse: DocumentParser<T>,
    empty: () => T,
    options: OpenOptions = {},
  ): StoredDocument<T> {
    if (!this.db) return new JsonFile(path, parse, empty);
    const row = this.rows.get(name);
    let initial: { value: T; version: number };
    if (row) {
      const parsed = parse(row.body);
      if (!parsed.ok) throw fileInvalid(`database document ${name}`, parsed.problems);
      initial = { value: parsed.value, version: row.version };
    } else {
      const fromFile = options.importFile !== false && existsSync(path);
      initial = { value: fromFile ? new JsonFile(path, parse, empty).value : empty(), version: 0 };
      if (fromFile) this.logger.log(`importing ${path} as database document ${name}`);
    }
    const doc = new PgDocument(this.db, name, parse, initial);
    this.opened.set(name, doc as PgDocument<unknown>);
    // Store the first version now (empty or imported) unless another replica already did.
    if (!row) void doc.insertFirst().catch(() => undefined);
    else if ((this.noted.get(name) ?? 0) > row.version) doc.catchUp();
    return doc;
  }

  private async listen(db: Database): Promise<void> {
    const hello = `hello-${db.replicaId}-${Date.now()}`;
    let heard!: () => void;
    const live = new Promise<void>((resolve) => (heard = resolve));
    db.listen(
      DOCUMENTS_CHANNEL,
      (payload) => {
        const note = parseNote(payload);
        if (note?.name === hello) heard();
        else if (note) this.notified(note.name, note.version);
      },
      () => {
        for (const doc of this.opened.values()) doc.catchUp();
      },
    );
    // Our own NOTIFY coming back proves LISTEN is in place, so no write after the rows are
    // read can go unnoticed.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), HELLO_TIMEOUT_MS);
    });
    await db.notify(DOCUMENTS_CHANNEL, JSON.stringify({ name: hello, version: 0 }));
    const ok = await Promise.race([live.then(() => true), late]);
    clearTimeout(timer);
    if (!ok) this.logger.warn('LISTEN did not confirm in time; documents may lag until resync');
  }

  private notified(name: string, version: number): void {
    this.noted.set(name, Math.max(version, this.noted.get(name) ?? 0));
    this.opened.get(name)?.notified(version);
  }
}

function parseNote(payload: string): { name: string; version: number } | null {
  try {
    const note = JSON.parse(payload) as { name?: unknown; version?: unknown };
    return typeof note.name === 'string' && typeof note.version === 'number'
      ? { name: note.name, version: note.version }
      : null;
  } catch {
    return null;
  }
}
