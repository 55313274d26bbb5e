/** LastUseRecorder against a real file-mode ApiKeyStore: a key's last use only moves forward. */
import { ConfigType } from '@nestjs/config';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patchbayConfig } from '../config/patchbay.config';
import { ApiKeyStore } from './api-key.store';
import { ApiKeyRecord } from './api-keys.schema';
import { LastUseRecorder, laterUse } from './last-use.recorder';

const record = (last_used_at: string | null): ApiKeyRecord => ({
  name: 'ci',
  scopes: ['invoke'],
  toolsets: [],
  created_at: '2026-01-01T00:00:00.000Z',
  expires_at: null,
  last_used_at,
  key_sha256: 'a'.repeat(64),
});

describe('laterUse', () => {
  it('keeps the later of the stored and the new use', () => {
    const older = '2026-01-01T00:00:05.000Z';
    const newer = '2026-01-01T00:00:09.000Z';
    expect(laterUse(null, older)).toBe(older);
    expect(laterUse(older, newer)).toBe(newer);
    expect(laterUse(newer, older)).toBe(newer);
    expect(laterUse(newer, newer)).toBe(newer);
    expect(laterUse('2026-01-01T01:00:09+01:00', older)).toBe('2026-01-01T01:00:09+01:00');
  });
});

describe('LastUseRecorder', () => {
  let dir: string;
  let store: ApiKeyStore;
  let recorder: LastUseRecorder;
  const file = () => join(dir, 'api_keys.json');
  const stored = () =>
    (JSON.parse(readFileSync(file(), 'utf8')) as { api_keys: Record<string, ApiKeyRecord> })
      .api_keys.k.last_used_at;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'last-use-'));
    store = new ApiKeyStore({ dataDir: dir } as ConfigType<typeof patchbayConfig>);
    await store.change(() => ({ k: record('2026-01-01T00:00:09.000Z') }));
    recorder = new LastUseRecorder(store);
  });
  afterEach(async () => {
    await recorder.onModuleDestroy();
    store.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never writes an older use over a newer one, and skips a write that changes nothing', async () => {
    const before = statSync(file()).mtimeMs;
    recorder.note('k', new Date('2026-01-01T00:00:05.000Z'));
    expect(recorder.lastUsed('k')).toBe('2026-01-01T00:00:09.000Z');
    await recorder.flush();
    expect(stored()).toBe('2026-01-01T00:00:09.000Z');
    expect(statSync(file()).mtimeMs).toBe(before); // nothing moved forward: no write
    recorder.note('k', new Date('2026-01-01T00:00:12.000Z'));
    expect(recorder.lastUsed('k')).toBe('2026-01-01T00:00:12.000Z');
    await recorder.flush();
    expect(stored()).toBe('2026-01-01T00:00:12.000Z');
  });
});
