import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthCheckJob } from '../../src/health/health-check.job';
import { TestApp, startApp } from '../helpers/test-app';
import { ServerChild, startServerChild } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { captureOutput } from './secrets.support';

const BASE = '/api/v1/integrations/mcp-servers/remote';
const FIXTURE = 'test/fixtures/servers/oauth-protected-server.mjs';

type Stats = {
  refreshes: number;
  code_exchanges: number;
  registrations: number;
  revocations: number;
  mcp_calls: number;
};

/**
 * Upstream OAuth against a real protected MCP server (the SDK's auth router and bearer
 * middleware in a child process): needs_authorization first, the browser flow through the
 * callback, calls, refresh at expiry (one for 50 calls), restart, revocation, forgetting, and
 * no token in any response or log line.
 */
describe('Upstream OAuth (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-oauth-'));
  const seen: string[] = [];
  let output: ReturnType<typeof captureOutput>;
  let server: ServerChild;
  let base: string;
  let t: TestApp;

  type Res = { status: number; headers: Record<string, unknown>; text: string };
  const record = <R extends Res>(res: R): R => {
    seen.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
    return res;
  };
  const get = async (path: string) => record(await t.http.get(path));
  const post = async (path: string, body?: object) => record(await t.http.post(path).send(body));
  const invoke = (tool_name = 'whoami') =>
    post('/api/v1/execution/tools/mcp_tool/invoke', {
      args: { server_id: 'remote', tool_name, args: {} },
    });
  const control = async (path: string, method = 'POST') =>
    (await (await fetch(`${base}/__control/${path}`, { method })).json()) as Stats;
  const stats = () => control('stats', 'GET');
  const boot = () =>
    startApp({
      dir,
      logs: true,
      env: { PATCHBAY_LOG_LEVEL: 'log' },
      servers: { remote: { transport: 'streamable_http', url: `${base}/mcp`, timeout_ms: 20_000 } },
    });

  /** What a browser does: open the URL, follow the redirect to Patchbay's callback. */
  async function authorizeAsBrowser(scope = 'tools:read'): Promise<string> {
    const res = await post(`${BASE}/oauth/authorize`);
    expect(res.status).toBe(200);
    const url = new URL(res.body.authorization_url as string);
    expect(url.searchParams.get('scope')).toBe(scope);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(`${base}/mcp`);
    const approved = await fetch(url, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get('location') ?? '');
    expect(callback.pathname).toBe('/oauth/callback');
    const done = record(await t.http.get(`${callback.pathname}${callback.search}`));
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/?oauth=authorized&server_id=remote');
    return callback.search;
  }

  beforeAll(async () => {
    server = await startServerChild([FIXTURE], {
      ready: /oauth-protected-server ready (\S+)/,
      what: 'oauth-protected-server',
      ms: 15_000,
    });
    base = server.ready[1];
    output = captureOutput();
    t = await boot();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    output?.restore();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 424 authorization_required after the first 401, and stops touching the server', async () => {
    const first = await get(`${BASE}/tools`);
    expect(first.status).toBe(424);
    expect(first.body.error.code).toBe('authorization_required');
    expect(first.body.error.message).toContain('/oauth/authorize');
    const status = await get(BASE);
    expect(status.body.status.state).toBe('needs_authorization');
    const oauth = await get(`${BASE}/oauth`);
    expect(oauth.body).toMatchObject({
      state: 'needs_authorization',
      authorization_server: `${base}/`,
    });
    const before = await stats();
    await post(`${BASE}/health-check`);
    await t.app.get(HealthCheckJob).tick();
    expect((await invoke()).status).toBe(424);
    expect((await stats()).mcp_calls).toBe(before.mcp_calls);
  }, 60_000);

  it('authorizes through the callback (PKCE, single-use state); tools become callable', async () => {
    await control('expires-in/4');
    const search = await authorizeAsBrowser();
    await control('expires-in/3600');
    const reused = await get(`/oauth/callback${search}`);
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('oauth_state_invalid');
    const oauth = await get(`${BASE}/oauth`);
    expect(oauth.body).toMatchObject({
      state: 'authorized',
      registration: 'dynamic',
      scopes: ['tools:read'],
    });
    expect(typeof oauth.body.expires_at).toBe('string');
    const call = await invoke();
    expect(call.status).toBe(200);
    expect(call.body.content[0].text).toBe('authorized');
    expect((await post(`${BASE}/health-check`)).body.state).toBe('healthy');
  }, 60_000);

  it('refreshes once before expiry while 50 calls are in flight', async () => {
    const { expires_at } = (await get(`${BASE}/oauth`)).body;
    await waitFor(() => Date.now() > Date.parse(expires_at), 'the first token to expire', 15_000);
    const calls = await Promise.all(Array.from({ length: 50 }, () => invoke()));
    expect(calls.map((c) => c.status)).toEqual(Array(50).fill(200));
    expect((await stats()).refreshes).toBe(1);
    const after = (await get(`${BASE}/oauth`)).body;
    expect(Date.parse(after.expires_at)).toBeGreaterThan(Date.now() + 60_000);
  }, 60_000);

  it('keeps the authorization across a restart', async () => {
    const exchanges = (await stats()).code_exchanges;
    await t.close();
    t = await boot();
    expect((await invoke()).status).toBe(200);
    expect((await stats()).code_exchanges).toBe(exchanges);
  }, 60_000);

  it('returns to needs_authorization at once when the server revokes the grant', async () => {
    await control('revoke-all');
    const call = await invoke();
    expect(call.status).toBe(424);
    expect(call.body.error.code).toBe('authorization_required');
    expect(call.body.error.message).toContain('invalid_grant');
    const oauth = await get(`${BASE}/oauth`);
    expect(oauth.body.state).toBe('needs_authorization');
    await waitFor(async () => (await get(BASE)).body.status.state === 'needs_authorization');
  }, 60_000);

  it('forgets (and revokes) with DELETE .../oauth', async () => {
    await authorizeAsBrowser();
    expect((await invoke()).status).toBe(200);
    const revocations = (await stats()).revocations;
    const del = record(await t.http.delete(`${BASE}/oauth`));
    expect(del.status).toBe(204);
    expect((await stats()).revocations).toBeGreaterThan(revocations);
    expect((await get(`${BASE}/oauth`)).body.state).toBe('needs_authorization');
    expect((await invoke()).status).toBe(424);
  }, 60_000);

  it('steps up on a 403 insufficient_scope: a person grants the larger scope, then it works', async () => {
    await authorizeAsBrowser();
    expect((await invoke()).status).toBe(200);
    const denied = await invoke('admin');
    expect(denied.status).toBe(424);
    expect(denied.body.error.code).toBe('authorization_required');
    expect(denied.body.error.message).toContain('tools:read tools:admin');
    expect((await get(`${BASE}/oauth`)).body.state).toBe('needs_authorization');
    await authorizeAsBrowser('tools:read tools:admin');
    const allowed = await invoke('admin');
    expect(allowed.status).toBe(200);
    expect(allowed.body.content[0].text).toBe('admin');
    expect((await get(`${BASE}/oauth`)).body.scopes).toEqual(['tools:read', 'tools:admin']);
  }, 60_000);

  it('refuses an unknown state at the callback without a token of the API', async () => {
    const res = await get('/oauth/callback?state=nope&code=x');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('oauth_state_invalid');
  });

  it('never shows a token in a response or a log line', () => {
    const everything = `${seen.join('\n')}\n${output.text()}`;
    expect(everything).not.toContain('canary-');
    expect(output.text()).toContain('OAuth authorized');
  });
});
