import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LastUseRecorder } from '../../src/api-keys/last-use.recorder';
import { startApp, TestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';
import {
  ADMIN_TOKEN,
  Created,
  allFileText,
  auth,
  captureOutput,
  makeKey,
} from './api-keys.support';

const KEYS = '/api/v1/api-keys';
const TOOLS = '/api/v1/execution/tools';

describe('API keys (e2e)', () => {
  let t: TestApp;
  let output: ReturnType<typeof captureOutput>;
  const made: Created[] = [];
  const make = async (body: Record<string, unknown>) => {
    const key = await makeKey(t, body);
    made.push(key);
    return key;
  };

  beforeAll(async () => {
    output = captureOutput();
    t = await startApp({
      env: { PATCHBAY_API_TOKEN: ADMIN_TOKEN, PATCHBAY_LOG_LEVEL: 'verbose' },
      logs: true,
    });
  });
  afterAll(async () => {
    await t.close();
    output.restore();
  });

  it('answers 201 with the key once; lists keys without it', async () => {
    const key = await make({ name: 'ci', scopes: ['invoke', 'read'], toolsets: [] });
    expect(key).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      name: 'ci',
      scopes: ['invoke', 'read'],
      toolsets: [],
      created_at: expect.any(String),
      expires_at: null,
      key: expect.stringMatching(/^pbk_[A-Za-z0-9_-]{43}$/),
    });
    const list = await t.http.get(KEYS).set(auth(ADMIN_TOKEN)).expect(200);
    const entry = list.body.find((k: { id: string }) => k.id === key.id);
    expect(entry).toEqual({ ...key, key: undefined, last_used_at: null, expired: false });
    expect(list.text).not.toContain(key.key);
  });

  it('records the last use off the request path, then in the file', async () => {
    const key = await make({ name: 'user', scopes: ['read'] });
    await t.http.get(TOOLS).set(auth(key.key)).expect(200);
    const list = await t.http.get(KEYS).set(auth(ADMIN_TOKEN)).expect(200);
    const seen = list.body.find((k: { id: string }) => k.id === key.id).last_used_at;
    expect(Date.now() - Date.parse(seen)).toBeLessThan(60_000);
    await t.app.get(LastUseRecorder).flush();
    const file = JSON.parse(readFileSync(join(t.dataDir, 'api_keys.json'), 'utf8'));
    expect(file.api_keys[key.id].last_used_at).toBe(seen);
  });

  it('revokes at once: 204, then 401 on the next request', async () => {
    const key = await make({ name: 'short-lived', scopes: ['read'] });
    await t.http.get(TOOLS).set(auth(key.key)).expect(200);
    await t.http.delete(`${KEYS}/${key.id}`).set(auth(ADMIN_TOKEN)).expect(204);
    const res = await t.http.get(TOOLS).set(auth(key.key)).expect(401);
    expect(res.body.error.code).toBe('unauthorized');
    await t.http.delete(`${KEYS}/${key.id}`).set(auth(ADMIN_TOKEN)).expect(404);
    await t.http.delete(`${KEYS}/..%2Fx`).set(auth(ADMIN_TOKEN)).expect(400);
  });

  it('stops a key the moment it expires', async () => {
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const key = await make({ name: 'expiring', scopes: ['read'], expires_at: expiresAt });
    expect(key.expires_at).toBe(expiresAt);
    await t.http.get(TOOLS).set(auth(key.key)).expect(200);
    await waitFor(
      async () => (await t.http.get(TOOLS).set(auth(key.key))).status === 401,
      'the key to expire',
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    const list = await t.http.get(KEYS).set(auth(ADMIN_TOKEN)).expect(200);
    expect(list.body.find((k: { id: string }) => k.id === key.id).expired).toBe(true);
  });

  it.each([
    ['a null name', { name: null, scopes: ['read'] }],
    ['an empty name', { name: '', scopes: ['read'] }],
    ['no scopes', { name: 'x', scopes: [] }],
    ['an unknown scope', { name: 'x', scopes: ['root'] }],
    ['a repeated scope', { name: 'x', scopes: ['read', 'read'] }],
    ['null scopes', { name: 'x', scopes: null }],
    ['null toolsets', { name: 'x', scopes: ['mcp'], toolsets: null }],
    ['a bad toolset id', { name: 'x', scopes: ['mcp'], toolsets: ['../etc'] }],
    ['toolsets without mcp', { name: 'x', scopes: ['read'], toolsets: ['dev'] }],
    ['toolsets with invoke', { name: 'x', scopes: ['mcp', 'invoke'], toolsets: ['dev'] }],
    ['a null expiry', { name: 'x', scopes: ['read'], expires_at: null }],
    ['a past expiry', { name: 'x', scopes: ['read'], expires_at: '2001-01-01T00:00:00Z' }],
    ['an expiry that is no date', { name: 'x', scopes: ['read'], expires_at: 'tomorrow' }],
    ['an unknown field', { name: 'x', scopes: ['read'], key: 'pbk_mine' }],
  ])('refuses %s with 400 and makes nothing', async (_what, body) => {
    const before = await t.http.get(KEYS).set(auth(ADMIN_TOKEN)).expect(200);
    const res = await t.http.post(KEYS).set(auth(ADMIN_TOKEN)).send(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    const after = await t.http.get(KEYS).set(auth(ADMIN_TOKEN)).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('states the scope of every operation in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const op = (path: string, method: string) => doc.paths[path][method];
    expect(op('/api/v1/execution/tools/{name}/invoke', 'post')['x-required-scope']).toBe('invoke');
    expect(op('/api/v1/execution/tasks', 'post')['x-required-scope']).toBe('invoke');
    expect(op('/api/v1/execution/tools', 'get')['x-required-scope']).toBe('read');
    expect(op('/api/v1/api-keys', 'get')['x-required-scope']).toBe('admin');
    expect(op('/api/v1/integrations/mcp-servers/{server_id}', 'patch')).toMatchObject({
      'x-required-scope': 'admin',
      description: expect.stringContaining('`admin` scope'),
    });
    // The bearer is the document's root requirement; a public operation overrides it with {}.
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(op('/api/v1/health', 'get').security).toEqual([{}]);
    for (const item of Object.values(doc.paths) as Record<string, Record<string, unknown>>[]) {
      for (const operation of Object.values(item)) {
        const open = JSON.stringify(operation.security) === '[{}]';
        expect(open || typeof operation['x-required-scope'] === 'string').toBe(true);
      }
    }
  });

  // Last: every key made above has been used, refused, revoked or expired by now.
  it('never lets a key into a data file, a config file or a log line', async () => {
    expect(made.length).toBeGreaterThan(3);
    await t.app.get(LastUseRecorder).flush();
    const files = allFileText(t.dir);
    const logs = output.text();
    expect(logs).toContain('api-keys'); // the capture works: Nest logs its routes
    for (const { key } of made) {
      expect(files).not.toContain(key);
      expect(logs).not.toContain(key);
    }
  });
});

describe('API keys without an admin token (e2e)', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-keys-'));
  beforeAll(async () => {
    t = await startApp({ dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps loopback open without a bearer, and scopes a presented key', async () => {
    const res = await t.http
      .post(KEYS)
      .send({ name: 'agent', scopes: ['read'] })
      .expect(201);
    const key = res.body.key as string;
    await t.http.get(TOOLS).set(auth(key)).expect(200);
    const denied = await t.http
      .post(KEYS)
      .set(auth(key))
      .send({ name: 'y', scopes: ['admin'] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden_scope');
    await t.http.delete(`${KEYS}/${res.body.id}`).expect(204);
    await t.http.get(TOOLS).set(auth(key)).expect(401);
    await t.http.get(TOOLS).set(auth('some-other-token-value')).expect(401);
    await t.http.get(TOOLS).expect(200);
  });

  it('warns at start-up that keys exist without an admin token', async () => {
    await makeKeyWithoutToken(t);
    await t.close();
    const output = captureOutput();
    try {
      t = await startApp({ dir, logs: true, env: { PATCHBAY_LOG_LEVEL: 'warn' } });
    } finally {
      output.restore();
    }
    expect(output.text()).toMatch(/API key\(s\) exist but PATCHBAY_API_TOKEN is not set/);
  });
});

async function makeKeyWithoutToken(t: TestApp): Promise<void> {
  await t.http
    .post(KEYS)
    .send({ name: 'left', scopes: ['read'] })
    .expect(201);
}
