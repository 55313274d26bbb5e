import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolsetsService } from './toolsets.service';

type Config = ConstructorParameters<typeof ToolsetsService>[0];

describe('ToolsetsService (config/toolsets.json)', () => {
  let dir: string;
  const make = () => new ToolsetsService({ configDir: dir } as Config);
  const file = () => join(dir, 'toolsets.json');

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'patchbay-toolsets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty without a file, then persists what it is given', async () => {
    const sets = make();
    expect(sets.list()).toEqual([]);
    await sets.put('dev', { name: 'Dev', tools: ['deploy', 'everything__echo'] });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
      toolsets: { dev: { name: 'Dev', tools: ['deploy', 'everything__echo'] } },
    });
    expect(make().get('dev')).toEqual({
      id: 'dev',
      name: 'Dev',
      description: '',
      tools: ['deploy', 'everything__echo'],
    });
  });

  it('refuses a write that would not load, and changes nothing', async () => {
    const sets = make();
    await sets.put('dev', { name: 'Dev', tools: ['deploy'] });
    const before = readFileSync(file(), 'utf8');
    await expect(sets.put('dev', { name: 'Dev', tools: ['a b'] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(sets.put('x', { name: '', tools: [] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(readFileSync(file(), 'utf8')).toBe(before);
    expect(sets.get('dev').tools).toEqual(['deploy']);
  });

  it('names the file and the JSON path when the file is invalid at start-up', () => {
    writeFileSync(file(), JSON.stringify({ toolsets: { dev: { name: 'Dev', tools: [7] } } }));
    expect(make).toThrow(/toolsets\.json[\s\S]*tools\/0|tools\[0\]/);
  });

  it('answers toolset_not_found for an unknown id, on get and delete', async () => {
    const sets = make();
    expect(() => sets.get('nope')).toThrow(expect.objectContaining({ code: 'toolset_not_found' }));
    await expect(sets.remove('nope')).rejects.toMatchObject({ code: 'toolset_not_found' });
    expect(sets.find('constructor')).toBeUndefined();
  });
});
