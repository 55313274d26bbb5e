import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { PatchbayError } from '../common/errors/catalogue';
import { FileSecretStore, STORE_FILE_NAME } from './file-secret.store';
import { KEY_FILE_NAME } from './secret-key';
import { SecretValue } from './secrets.types';

const hexKey = () => randomBytes(32).toString('hex');
const loadError = (store: FileSecretStore): PatchbayError => {
  try {
    store.load();
  } catch (err) {
    return err as PatchbayError;
  }
  throw new Error('load() did not throw');
};

describe('FileSecretStore', () => {
  let root: string;
  let dataDir: string;
  const make = (secretsKey?: string) => new FileSecretStore({ dataDir, secretsKey });

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'patchbay-secrets-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips values through the encrypted file, never in plain text', async () => {
    const store = make();
    store.load();
    await store.set('github', 'TOKEN', new SecretValue('ghp_round_trip_value'));
    await store.set('other', 'KEY', new SecretValue('second-value'));
    const text = readFileSync(join(dataDir, STORE_FILE_NAME), 'utf8');
    expect(text).not.toContain('ghp_round_trip_value');
    expect(text).not.toContain('github');
    const reopened = make();
    reopened.load();
    expect(reopened.get('github', 'TOKEN')?.reveal()).toBe('ghp_round_trip_value');
    expect(reopened.get('other', 'KEY')?.reveal()).toBe('second-value');
    expect(
      reopened
        .values()
        .map((v) => v.reveal())
        .sort(),
    ).toEqual(['ghp_round_trip_value', 'second-value']);
  });

  it('creates the data folder 0700, the key file and the store 0600', async () => {
    const store = make();
    store.load();
    await store.set('s', 'K', new SecretValue('value-1'));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, STORE_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, KEY_FILE_NAME), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses a fresh IV for every write', async () => {
    const store = make(hexKey());
    const ivs = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await store.set('s', 'K', new SecretValue('same-value'));
      ivs.add((JSON.parse(readFileSync(store.path, 'utf8')) as { iv: string }).iv);
    }
    expect(ivs.size).toBe(3);
  });

  it('accepts a base64 key and removes values', async () => {
    const key = randomBytes(32).toString('base64');
    const store = make(key);
    await store.set('s', 'K', new SecretValue('to-be-removed'));
    expect(await store.delete('s', 'K')).toBe(true);
    expect(await store.delete('s', 'K')).toBe(false);
    const reopened = make(key);
    expect(reopened.get('s', 'K')).toBeUndefined();
  });

  it('refuses a wrong PATCHBAY_SECRETS_KEY with a clear error', async () => {
    await make(hexKey()).set('s', 'K', new SecretValue('value-abc'));
    const err = loadError(make(hexKey()));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('different key than PATCHBAY_SECRETS_KEY');
    expect(err.message).toContain(STORE_FILE_NAME);
  });

  it('refuses a replaced key file, naming it', async () => {
    await make().set('s', 'K', new SecretValue('value-abc'));
    writeFileSync(join(dataDir, KEY_FILE_NAME), hexKey());
    const err = loadError(make());
    expect(err.message).toContain(`the key file ${join(dataDir, KEY_FILE_NAME)}`);
  });

  it('refuses a store whose key file is gone instead of making a new key', async () => {
    await make().set('s', 'K', new SecretValue('value-abc'));
    rmSync(join(dataDir, KEY_FILE_NAME));
    expect(loadError(make()).message).toContain('exists but its key does not');
  });

  it('refuses a malformed key', () => {
    expect(loadError(make('not-a-key')).message).toContain(
      'PATCHBAY_SECRETS_KEY is not a valid key',
    );
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, KEY_FILE_NAME), 'short');
    expect(loadError(make()).message).toContain('is not a valid key');
  });

  it.each([
    ['not JSON', () => 'garbage{'],
    [
      'tampered ciphertext',
      (t: string) =>
        t.replace(/"data": "(.)/, (_m, c: string) => `"data": "${c === 'A' ? 'B' : 'A'}`),
    ],
    ['missing fields', (t: string) => JSON.stringify({ ...JSON.parse(t), tag: undefined })],
  ])('reports a damaged store (%s)', async (_label, damage) => {
    const key = hexKey();
    const store = make(key);
    await store.set('s', 'K', new SecretValue('value-abc'));
    writeFileSync(store.path, damage(readFileSync(store.path, 'utf8')));
    const err = loadError(make(key));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('is damaged');
  });

  it('serialises concurrent writes without losing any', async () => {
    const key = hexKey();
    const store = make(key);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.set(`s${i % 3}`, `K${i}`, new SecretValue(`v-${i}-value`)),
      ),
    );
    const reopened = make(key);
    for (let i = 0; i < 25; i++)
      expect(reopened.get(`s${i % 3}`, `K${i}`)?.reveal()).toBe(`v-${i}-value`);
  });

  it('changes nothing in memory when a write fails', async () => {
    const store = make(hexKey());
    await store.set('s', 'K', new SecretValue('old-value'));
    rmSync(store.path);
    mkdirSync(store.path); // the rename onto a folder fails
    await expect(store.set('s', 'K', new SecretValue('new-value'))).rejects.toThrow();
    expect(store.get('s', 'K')?.reveal()).toBe('old-value');
  });

  it('never writes a store its own start-up read would refuse; nothing changes', async () => {
    const store = make();
    store.load();
    await store.set('github', 'TOKEN', new SecretValue('kept-value-1234'));
    const before = readFileSync(join(dataDir, STORE_FILE_NAME), 'utf8');
    const notAString = new SecretValue(42 as unknown as string);
    await expect(store.set('github', 'OTHER', notAString)).rejects.toMatchObject({
      code: 'internal_error',
      problems: ['(store): bad contents'],
    });
    expect(readFileSync(join(dataDir, STORE_FILE_NAME), 'utf8')).toBe(before);
    expect(store.get('github', 'OTHER')).toBeUndefined();
    const again = make();
    again.load();
    expect(again.get('github', 'TOKEN')?.reveal()).toBe('kept-value-1234');
  });
});
