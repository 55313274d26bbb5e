import { randomBytes } from 'node:crypto';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { FAULT_SERVER } from '../helpers/fixtures';
import { childPids, cmdline } from '../helpers/processes';
import {
  HttpFixture,
  captureOutput,
  faultWithCredentials,
  startHttpFixture,
} from './secrets.support';

const BASE = '/api/v1/integrations/mcp-servers';
const LEAKY = 'test/fixtures/servers/secrets-leaky-stdio.mjs';
const canary = (kind: string) => `canary-${kind}-${randomBytes(12).toString('hex')}`;

/**
 * One unique secret per path (store and env; child env var and HTTP header), a broad workflow,
 * and proof that none of them shows up in any response, header, log line, error or command
 * line, while the servers prove they received them.
 */
describe('Secret canaries never leak (e2e)', () => {
  const c = {
    stdioStore: canary('stdio-store'),
    stdioEnv: canary('stdio-env'),
    httpStore: canary('http-store'),
    httpEnv: canary('http-env'),
  };
  const all = Object.values(c);
  const seen: string[] = [];
  const errors: string[] = [];
  let output: ReturnType<typeof captureOutput>;
  let fixtures: HttpFixture[] = [];
  let t: TestApp;
  let client: McpClientService;

  type Res = { status: number; headers: Record<string, unknown>; text: string };
  const record = (res: Res): Res => {
    seen.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
    return res;
  };
  const get = async (path: string) => record(await t.http.get(path));
  const post = async (path: string, body?: object) => record(await t.http.post(path).send(body));
  const put = async (path: string, body: object) => record(await t.http.put(path).send(body));
  const invoke = (server_id: string, tool_name: string, args: object = {}) =>
    post('/api/v1/execution/tools/mcp_tool/invoke', { args: { server_id, tool_name, args } });
  const direct = async (id: string, tool: string, args: Record<string, unknown> = {}) => {
    try {
      return await client.callTool(id, tool, args);
    } catch (err) {
      errors.push(`${String(err)} ${JSON.stringify(err)} ${(err as Error).stack ?? ''}`);
      return undefined;
    }
  };
  const text = (r: { content: unknown } | undefined) =>
    (r?.content as { text: string }[] | undefined)?.[0]?.text;

  beforeAll(async () => {
    fixtures = await Promise.all(
      [c.httpStore, c.httpEnv].map((v) =>
        startHttpFixture({ EXPECTED_AUTH: `Bearer ${v}`, REQUIRE_AUTH: '1' }),
      ),
    );
    const cred = (name: string) => [{ name, required: true, env: 'FIXTURE_SECRET' }];
    const http = (url: string, name: string) => ({
      transport: 'streamable_http',
      url,
      enabled: true,
      timeout_ms: 10_000,
      credentials: [{ name, required: true, header: 'Authorization', format: 'Bearer {value}' }],
    });
    output = captureOutput();
    t = await startApp({
      logs: true,
      servers: {
        'stdio-store': faultWithCredentials(cred('STDIO_TOKEN'), { args: [LEAKY, 'ok'] }),
        'stdio-crash': faultWithCredentials(cred('STDIO_TOKEN'), {
          args: [LEAKY, 'crash-on-call'],
        }),
        'stdio-env': faultWithCredentials(cred('CANARY_STDIO_ENV')),
        'http-store': http(fixtures[0].url, 'HTTP_TOKEN'),
        'http-env': http(fixtures[1].url, 'CANARY_HTTP_ENV'),
        missing: faultWithCredentials(cred('NEVER_SET')),
      },
      env: {
        CANARY_STDIO_ENV: c.stdioEnv,
        CANARY_HTTP_ENV: c.httpEnv,
        PATCHBAY_LOG_LEVEL: 'verbose',
      },
    });
    client = t.app.get(McpClientService);
  });

  afterAll(async () => {
    await t?.close();
    output?.restore();
    await Promise.all(fixtures.map((f) => f.close()));
  });

  it('stores the store canaries', async () => {
    for (const [id, name, value] of [
      ['stdio-store', 'STDIO_TOKEN', c.stdioStore],
      ['stdio-crash', 'STDIO_TOKEN', c.stdioStore],
      ['http-store', 'HTTP_TOKEN', c.httpStore],
    ]) {
      expect((await put(`${BASE}/${id}/credentials/${name}`, { value })).status).toBe(204);
    }
    const list = JSON.parse((await get(`${BASE}`)).text) as { id: string; credentials: object[] }[];
    const sources = Object.fromEntries(list.map((s) => [s.id, s.credentials]));
    expect(sources['stdio-env']).toEqual([expect.objectContaining({ source: 'env' })]);
    expect(sources['http-store']).toEqual([expect.objectContaining({ source: 'store' })]);
  });

  it('each server proves it received its value', async () => {
    for (const [id, value] of [
      ['stdio-store', c.stdioStore],
      ['stdio-env', c.stdioEnv],
    ]) {
      expect(text(await direct(id, 'env-equals', { name: 'FIXTURE_SECRET', value }))).toBe('true');
    }
    for (const id of ['http-store', 'http-env']) {
      expect(text(await direct(id, 'auth-check'))).toBe('true');
    }
  });

  it('runs a broad workflow', async () => {
    await get('/api/v1/integrations');
    for (const id of ['stdio-store', 'stdio-env', 'http-store', 'http-env', 'missing']) {
      await get(`${BASE}/${id}`);
      await get(`${BASE}/${id}/tools`);
      await post(`${BASE}/${id}/health-check`);
    }
    await invoke('stdio-store', 'env-report', { names: ['FIXTURE_SECRET'] });
    await invoke('stdio-env', 'echo', { message: 'hello' });
    await invoke('http-env', 'auth-check');
    await invoke('stdio-store', 'fail');
    await invoke('http-store', 'throw');
    await invoke('stdio-crash', 'echo', { message: 'crash now' });
    await get(`${BASE}/stdio-crash`);
    await invoke('stdio-store', 'no-such-tool');
    await invoke('stdio-store', 'echo', { message: 42 });
    await invoke('missing', 'echo', { message: 'x' });
    await invoke('no-such-server', 'echo', { message: 'x' });
    await put(`${BASE}/http-store/credentials/NOPE`, { value: c.httpStore });
    await put(`${BASE}/http-store/credentials/HTTP_TOKEN`, { value: c.httpStore });
    await get('/api/v1/execution/tools');
    await get('/api/v1/execution/runs');
    await get('/api/v1/health');
    await get('/api/docs-json');
    await direct('missing', 'echo', { message: 'x' });
    await direct('stdio-crash', 'echo', { message: 'again' });
    expect(seen.length).toBeGreaterThan(20);
  });

  it('masks what a server echoes back', async () => {
    const res = await invoke('http-store', 'echo-header');
    expect(res.status).toBe(200);
    expect(res.text).toContain('received Bearer [redacted]');
  });

  it('no canary appears in any response, header, error, log line or command line', () => {
    const logs = output.text();
    expect(logs.length).toBeGreaterThan(0);
    const pids = childPids(FAULT_SERVER).concat(childPids(LEAKY));
    expect(pids.length).toBeGreaterThan(0);
    const cmdlines = pids.map(cmdline).join('\n');
    for (const value of all) {
      for (const [where, haystack] of [
        ['responses', seen.join('\n')],
        ['errors', errors.join('\n')],
        ['logs', logs],
        ['command lines', cmdlines],
      ]) {
        expect({ where, leaked: haystack.includes(value) }).toEqual({ where, leaked: false });
      }
    }
  });
});
