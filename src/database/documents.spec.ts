/** PgDocument and Documents against the real test PostgreSQL (two "replicas" in one process). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { FileWriteRefusedError } from '../common/errors/file-write-refused.error';
import { JsonFile, Parsed } from '../common/json-file';
import { describeWithDatabase, useMigratedDatabase } from '../../test/helpers/test-database';
import { waitFor } from '../../test/helpers/wait';
import { Database } from './database';
import { Documents } from './documents';
import { PgDocument } from './pg-document';

type Doc = { items: Record<string, number> };
const parse = (data: unknown): Parsed<Doc> =>
  data && typeof data === 'object' && 'items' in data
    ? { ok: true, value: data as Doc }
    : { ok: false, problems: ['$.items: required'] };
const empty = (): Doc => ({ items: {} });

describe('Documents in file mode', () => {
  it('opens the file itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'documents-'));
    try {
      const doc = Documents.files().document('doc', join(dir, 'doc.json'), parse, empty);
      expect(doc).toBeInstanceOf(JsonFile);
      expect(Documents.files().shared).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithDatabase('PgDocument and Documents on PostgreSQL', () => {
  const pg = useMigratedDatabase();
  let dir: string;

  const replica = async (id: string): Promise<Database> => {
    const database = pg.replica(id);
    await database.listening();
    return database;
  };
  const stored = async (name = 'doc') =>
    (
      await pg.db.query<{ body: Doc; version: string; updated_by: string }>(
        'SELECT body, version, updated_by FROM patchbay_documents WHERE name = $1',
        [name],
      )
    )[0];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'documents-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write on one replica reaches the other through NOTIFY, not its own watcher', async () => {
    const a = (await Documents.load(await replica('a'))).document('doc', '', parse, empty);
    const b = (await Documents.load(await replica('b'))).document('doc', '', parse, empty);
    const seenA: Doc[] = [];
    const seenB: Doc[] = [];
    a.watch((v) => seenA.push(v));
    b.watch((v) => seenB.push(v));
    await a.update((d) => ({ items: { ...d.items, x: 1 } }));
    await waitFor(() => b.value.items.x === 1, 'replica b to see the write');
    expect(seenB.at(-1)).toEqual({ items: { x: 1 } });
    expect(seenA).toEqual([]);
    expect(await stored()).toMatchObject({ body: { items: { x: 1 } }, updated_by: 'a' });
  });

  it('loses no update when two replicas write at once (each changes the row as stored)', async () => {
    const a = (await Documents.load(await replica('a'))).document('doc', '', parse, empty);
    const b = (await Documents.load(await replica('b'))).document('doc', '', parse, empty);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).update((d) => ({ items: { ...d.items, [`k${i}`]: i } })),
      ),
    );
    const row = await stored();
    expect(Object.keys(row.body.items)).toHaveLength(40);
    await waitFor(() => Object.keys(a.value.items).length === 40, 'replica a to have all');
    await waitFor(() => Object.keys(b.value.items).length === 40, 'replica b to have all');
  });

  it('a stale copy catches up inside the write and tells its watcher first', async () => {
    const database = await replica('a');
    await (await Documents.load(database)).document('doc', '', parse, empty).update(() => ({
      items: { old: 1 },
    }));
    const start = await stored();
    // Two documents that never hear NOTIFY: only the row lock can keep them consistent.
    const one = new PgDocument(database, 'doc', parse, { value: start.body, version: 2 });
    const two = new PgDocument(database, 'doc', parse, { value: start.body, version: 2 });
    const seen: Doc[] = [];
    two.watch((v) => seen.push(v));
    await one.update((d) => ({ items: { ...d.items, one: 1 } }));
    const mutated: Doc[] = [];
    await two.update((d) => {
      mutated.push(d);
      return { items: { ...d.items, two: 2 } };
    });
    expect(mutated).toEqual([{ items: { old: 1, one: 1 } }]);
    expect(seen).toEqual([{ items: { old: 1, one: 1 } }]);
    expect((await stored()).body).toEqual({ items: { old: 1, one: 1, two: 2 } });
  });

  it('refuses a write its start-up parser would refuse, changing nothing', async () => {
    const doc = (await Documents.load(await replica('a'))).document('doc', '', parse, empty);
    await doc.update(() => ({ items: { a: 1 } }));
    const before = await stored();
    await expect(doc.update(() => ({ nope: true }) as unknown as Doc)).rejects.toBeInstanceOf(
      FileWriteRefusedError,
    );
    expect(await stored()).toEqual(before);
    expect(doc.value).toEqual({ items: { a: 1 } });
  });

  it('imports the local file once, when the row does not exist yet', async () => {
    const path = join(dir, 'doc.json');
    writeFileSync(path, '{"items": {"from_file": 1}}');
    const a = (await Documents.load(await replica('a'))).document('doc', path, parse, empty);
    expect(a.value).toEqual({ items: { from_file: 1 } });
    await waitFor(async () => (await stored())?.body.items.from_file === 1, 'the imported row');
    // A second replica with a different file takes the row, not its file.
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"items": {"elsewhere": 2}}');
    const b = (await Documents.load(await replica('b'))).document('doc', other, parse, empty);
    expect(b.value).toEqual({ items: { from_file: 1 } });
    // importFile: false (the mcp_servers overlay) starts empty whatever the file holds.
    const c = (await Documents.load(await replica('c'))).document('fresh', path, parse, empty, {
      importFile: false,
    });
    expect(c.value).toEqual({ items: {} });
  });

  it('refuses to start on an invalid stored document, naming it', async () => {
    await pg.db.query(
      `INSERT INTO patchbay_documents (name, body, version, updated_by) VALUES ('doc', '{"x":1}', 1, 'hand')`,
    );
    const documents = await Documents.load(await replica('a'));
    expect(() => documents.document('doc', '', parse, empty)).toThrow(
      /database document doc is invalid:\s+\$\.items: required/,
    );
  });

  it('re-reads an edit of the row made by hand when notified, and ignores an invalid one', async () => {
    const database = await replica('a');
    const doc = (await Documents.load(database)).document('doc', '', parse, empty);
    await doc.update(() => ({ items: { a: 1 } }));
    const seen: Doc[] = [];
    doc.watch((v) => seen.push(v));
    await pg.db.query(
      `UPDATE patchbay_documents SET body = '{"bad": 1}', version = version + 1 WHERE name = 'doc'`,
    );
    await pg.db.query(`SELECT pg_notify('patchbay_documents', '{"name": "doc", "version": 98}')`);
    await pg.db.query(
      `UPDATE patchbay_documents SET body = '{"items": {"b": 2}}', version = version + 1 WHERE name = 'doc'`,
    );
    await pg.db.query(`SELECT pg_notify('patchbay_documents', '{"name": "doc", "version": 99}')`);
    await waitFor(() => doc.value.items.b === 2, 'the valid hand edit');
    expect(seen).toEqual([{ items: { b: 2 } }]);
  });

  it('retries a re-read that failed after a notification until it succeeds', async () => {
    const doc = (await Documents.load(await replica('b'))).document('doc', '', parse, empty);
    await waitFor(async () => (await stored()) !== undefined, 'the first version stored');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      // The row moves away: the re-read the notification starts fails on PostgreSQL.
      await pg.db.query('ALTER TABLE patchbay_documents RENAME TO patchbay_documents_away');
      await pg.db.query(
        `UPDATE patchbay_documents_away SET body = '{"items": {"revoked": 1}}', version = 7 WHERE name = 'doc'`,
      );
      await pg.db.query(`SELECT pg_notify('patchbay_documents', '{"name": "doc", "version": 7}')`);
      await waitFor(
        () => warn.mock.calls.some(([m]) => String(m).includes('could not re-read')),
        'the failed re-read',
      );
      expect(doc.value.items.revoked).toBeUndefined();
      // No new write and no new notification: only the retry can bring the change.
      await pg.db.query('ALTER TABLE patchbay_documents_away RENAME TO patchbay_documents');
      await waitFor(() => doc.value.items.revoked === 1, 'the retried re-read', 10_000);
    } finally {
      warn.mockRestore();
    }
  });

  it('stores no new version and notifies nobody when an update changes nothing', async () => {
    const a = (await Documents.load(await replica('a'))).document('doc', '', parse, empty);
    const b = (await Documents.load(await replica('b'))).document('doc', '', parse, empty);
    const seenB: Doc[] = [];
    b.watch((v) => seenB.push(v));
    await a.update(() => ({ items: { x: 1 } }));
    await waitFor(() => b.value.items.x === 1, 'replica b to see the write');
    const version = (await stored()).version;
    expect(await a.update((d) => ({ items: { ...d.items } }))).toEqual({ items: { x: 1 } });
    expect((await stored()).version).toBe(version);
    await a.update(() => ({ items: { x: 2 } })); // the next real change is the next version
    await waitFor(() => b.value.items.x === 2, 'replica b to see the second write');
    expect((await stored()).version).toBe(String(Number(version) + 1));
    expect(seenB).toEqual([{ items: { x: 1 } }, { items: { x: 2 } }]);
  });
});
