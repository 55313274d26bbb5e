import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaFile } from './schema-file';

type Doc = { things: Record<string, { on: boolean; max?: number }> };
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['things'],
  properties: {
    things: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['on'],
        properties: { on: { type: 'boolean' }, max: { type: 'integer' } },
      },
    },
  },
};
const noNegative = (d: Doc) =>
  Object.entries(d.things)
    .filter(([, t]) => (t.max ?? 0) < 0)
    .map(([id]) => `$.things.${id}.max: must not be negative`);

describe('SchemaFile', () => {
  let dir: string;
  let path: string;
  const open = () => new SchemaFile<Doc>(path, SCHEMA, () => ({ things: {} }), noNegative);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schemafile-'));
    path = join(dir, 'things.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads with the schema, naming the JSON path of each problem', () => {
    writeFileSync(path, '{"things": {"a": {"on": null}}}');
    expect(open).toThrow(/things\.json is invalid:\s+\$\.things\.a\.on: must be boolean/);
  });

  it('never writes what the schema or the extra check rejects', async () => {
    const file = open();
    const nulled = { things: { a: { on: null } } } as unknown as Doc;
    await expect(file.update(() => nulled)).rejects.toThrow(/\$\.things\.a\.on: must be boolean/);
    expect(existsSync(path)).toBe(false);
    await file.update(() => ({ things: { a: { on: true } } }));
    const before = readFileSync(path, 'utf8');
    await expect(file.update(() => ({ things: { a: { on: true, max: -1 } } }))).rejects.toThrow(
      /must not be negative/,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(open().value).toEqual({ things: { a: { on: true } } });
  });
});
