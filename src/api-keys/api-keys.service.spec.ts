import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore } from './api-key.store';
import { hashKey } from './api-key.secret';
import { ApiKeysService } from './api-keys.service';
import { parseApiKeysFile } from './api-keys.schema';
import { LastUseRecorder } from './last-use.recorder';

type StoreConfig = ConstructorParameters<typeof ApiKeyStore>[0];

describe('ApiKeysService', () => {
  let dir: string;
  let store: ApiKeyStore;
  let recorder: LastUseRecorder;
  let keys: ApiKeysService;
  const file = () => join(dir, 'api_keys.json');
  const fileText = () => readFileSync(file(), 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-keys-'));
    store = new ApiKeyStore({ dataDir: dir } as StoreConfig);
    recorder = new LastUseRecorder(store);
    keys = new ApiKeysService(store, recorder, {
      apiToken: 'admin-token-0123456789',
    } as StoreConfig);
  });
  afterEach(async () => {
    await recorder.flush();
    store.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashes with SHA-256', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes a 256-bit key, shows it once and keeps only its SHA-256', async () => {
    const created = await keys.create({ name: 'agent', scopes: ['read'] });
    expect(created.key).toMatch(/^pbk_[A-Za-z0-9_-]{43}$/);
    expect(fileText()).not.toContain(created.key);
    expect(fileText()).toContain(hashKey(created.key));
    expect(JSON.stringify(keys.list())).not.toContain(created.key);
    expect(JSON.stringify(keys.list())).not.toContain(hashKey(created.key));
    const again = await keys.create({ name: 'agent', scopes: ['read'] });
    expect(again.key).not.toBe(created.key);
    expect(again.id).not.toBe(created.id);
  });

  it('verifies a live key into its principal, and nothing else', async () => {
    const { key, id } = await keys.create({ name: 'a', scopes: ['mcp'], toolsets: ['dev'] });
    expect(keys.verify(key)).toEqual({ kind: 'key', id, scopes: ['mcp'], toolsets: ['dev'] });
    expect(keys.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(keys.verify('not-a-key')).toBeUndefined();
    expect(keys.verify('')).toBeUndefined();
  });

  it('refuses a key from the instant it expires', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const { key } = await keys.create(
      { name: 'a', scopes: ['read'], expires_at: '2030-01-01T00:00:10Z' },
      now,
    );
    expect(keys.verify(key, new Date('2030-01-01T00:00:09.999Z'))).toBeDefined();
    expect(keys.verify(key, new Date('2030-01-01T00:00:10Z'))).toBeUndefined();
    expect(keys.list(new Date('2030-01-01T00:00:10Z'))[0].expired).toBe(true);
  });

  it('refuses a revoked key as soon as revoke() resolves', async () => {
    const { key, id } = await keys.create({ name: 'a', scopes: ['read'] });
    await keys.revoke(id);
    expect(keys.verify(key)).toBeUndefined();
    expect(keys.list()).toEqual([]);
    await expect(keys.revoke(id)).rejects.toMatchObject({ code: 'api_key_not_found' });
  });

  it('records last use in memory at once and on disk in one batch', async () => {
    const a = await keys.create({ name: 'a', scopes: ['read'] });
    const b = await keys.create({ name: 'b', scopes: ['read'] });
    const before = fileText();
    keys.verify(a.key, new Date('2030-01-01T00:00:00Z'));
    keys.verify(b.key, new Date('2030-01-01T00:00:01Z'));
    expect(fileText()).toBe(before);
    expect(keys.list().map((k) => k.last_used_at)).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:01.000Z',
    ]);
    await recorder.flush();
    const onDisk = JSON.parse(fileText()) as { api_keys: Record<string, { last_used_at: string }> };
    expect(onDisk.api_keys[a.id].last_used_at).toBe('2030-01-01T00:00:00.000Z');
    expect(onDisk.api_keys[b.id].last_used_at).toBe('2030-01-01T00:00:01.000Z');
  });

  it.each([
    ['toolsets without the mcp scope', { name: 'a', scopes: ['read'], toolsets: ['dev'] }],
    ['toolsets with the invoke scope', { name: 'a', scopes: ['mcp', 'invoke'], toolsets: ['dev'] }],
    ['toolsets with the admin scope', { name: 'a', scopes: ['mcp', 'admin'], toolsets: ['dev'] }],
    ['an expiry in the past', { name: 'a', scopes: ['read'], expires_at: '2000-01-01T00:00:00Z' }],
  ] as const)('refuses %s and writes nothing', async (_what, input) => {
    await expect(
      keys.create({ ...input, scopes: [...input.scopes] } as never),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(keys.list()).toEqual([]);
  });

  it('refuses a write that would not load, leaving the file as it was', async () => {
    await keys.create({ name: 'a', scopes: ['read'] });
    const before = fileText();
    await expect(
      store.change((all) => {
        for (const id of Object.keys(all)) all[id] = { ...all[id], key_sha256: 'plain' };
        return all;
      }),
    ).rejects.toMatchObject({ code: 'internal_error' });
    expect(fileText()).toBe(before);
  });

  it('picks up a hand edit that removes a key', async () => {
    const { key } = await keys.create({ name: 'a', scopes: ['read'] });
    writeFileSync(file(), JSON.stringify({ api_keys: {} }));
    await store.reload();
    expect(keys.verify(key)).toBeUndefined();
  });

  it('checks the file with one schema: what it writes loads, a bad record does not', async () => {
    await keys.create({ name: 'a', scopes: ['read', 'mcp'], expires_at: '2099-01-01T00:00:00Z' });
    expect(parseApiKeysFile(JSON.parse(fileText())).ok).toBe(true);
    const bad = JSON.parse(fileText()) as { api_keys: Record<string, { scopes: string[] }> };
    Object.values(bad.api_keys)[0].scopes = ['root'];
    expect(parseApiKeysFile(bad).ok).toBe(false);
  });
});
