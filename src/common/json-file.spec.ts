import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteRefusedError } from './errors/file-write-refused.error';
import { JsonFile, Parsed } from './json-file';

type Doc = { items: Record<string, number> };
const parse = (data: unknown): Parsed<Doc> =>
  data && typeof data === 'object' && 'items' in data
    ? { ok: true, value: data as Doc }
    : { ok: false, problems: ['$.items: required'] };

describe('JsonFile', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jsonfile-'));
    path = join(dir, 'doc.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty when the file is missing and writes with mode 0600 and sorted keys', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    expect(file.value).toEqual({ items: {} });
    await file.update(() => ({ items: { b: 2, a: 1 } }));
    expect(readFileSync(path, 'utf8')).toBe('{\n  "items": {\n    "a": 1,\n    "b": 2\n  }\n}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('serialises concurrent updates so none is lost, leaving no temp files', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        file.update((d) => ({ items: { ...d.items, [`k${i}`]: i } })),
      ),
    );
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).items)).toHaveLength(100);
    expect(readdirSync(dir)).toEqual(['doc.json']);
  });

  it('a failed update changes neither memory nor disk', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    await file.update(() => ({ items: { a: 1 } }));
    await expect(
      file.update(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(file.value).toEqual({ items: { a: 1 } });
    await file.update((d) => ({ items: { ...d.items, b: 2 } }));
    expect(file.value).toEqual({ items: { a: 1, b: 2 } });
  });

  it('throws on an invalid file at load, naming the file and problems', () => {
    writeFileSync(path, '{"nope": 1}');
    expect(() => new JsonFile(path, parse, () => ({ items: {} }))).toThrow(
      /doc\.json is invalid:\s+\$\.items: required/,
    );
    writeFileSync(path, '{not json');
    expect(() => new JsonFile(path, parse, () => ({ items: {} }))).toThrow(/not valid JSON/);
  });

  it('reloads a valid hand edit and keeps the last good state on a bad one', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    const seen: Doc[] = [];
    writeFileSync(path, '{"items": {"x": 1}}');
    await file.reload((d) => seen.push(d));
    writeFileSync(path, '{"items": ');
    await file.reload((d) => seen.push(d));
    expect(seen).toEqual([{ items: { x: 1 } }]);
    expect(file.value).toEqual({ items: { x: 1 } });
  });

  it('does not report its own writes as hand edits', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    const seen: Doc[] = [];
    await file.update(() => ({ items: { a: 1 } }));
    await file.reload((d) => seen.push(d));
    expect(seen).toEqual([]);
  });

  it('refuses to write a document its own start-up read would reject, changing nothing', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    await file.update(() => ({ items: { a: 1 } }));
    const before = readFileSync(path, 'utf8');
    const refused = file.update(() => ({ nope: 1 }) as unknown as Doc);
    await expect(refused).rejects.toBeInstanceOf(FileWriteRefusedError);
    await expect(refused).rejects.toMatchObject({
      code: 'internal_error',
      problems: ['$.items: required'],
    });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(file.value).toEqual({ items: { a: 1 } });
    expect(() => new JsonFile(path, parse, () => ({ items: {} }))).not.toThrow();
  });

  it('serves the document as read back from the text written', async () => {
    const file = new JsonFile(path, parse, () => ({ items: {} }));
    const next = await file.update(() => ({
      items: { a: 1, gone: undefined as unknown as number },
    }));
    expect(next).toEqual({ items: { a: 1 } });
    expect(Object.keys(file.value.items)).toEqual(['a']);
  });
});
