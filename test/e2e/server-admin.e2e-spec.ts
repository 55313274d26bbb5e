import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { OAuthService } from '../../src/oauth/oauth.service';
import type { TokenKeeper } from '../../src/oauth/token-keeper';
import { SecretsService } from '../../src/secrets/secrets.service';
import { FAULT_SERVER, faultServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { TestApp, startApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';
import { HttpFixture, captureOutput, startHttpFixture } from './secrets.support';

const BASE = '/api/v1/integrations/mcp-servers';
const canary = (kind: string) => `canary-${kind}-${randomBytes(12).toString('hex')}`;
const configText = (t: TestApp) => readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8');
const invoke = (t: TestApp, server_id: string, tool_name: string, args: object = {}) =>
  t.http
    .post('/api/v1/execution/tools/mcp_tool/invoke')
    .send({ args: { server_id, tool_name, args } });

describe('Servers added while running, stdio from the API off (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ servers: { local: faultServer('ok', { enabled: false }) } });
  });
  afterAll(async () => t?.close());

  it('refuses a stdio server with 403 stdio_from_api_disabled, naming the setting', async () => {
    const before = configText(t);
    const res = await t.http
      .post(BASE)
      .send({ id: 'cmd', transport: 'stdio', command: process.execPath, args: [FAULT_SERVER] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('stdio_from_api_disabled');
    expect(res.body.error.message).toContain('PATCHBAY_ALLOW_STDIO_FROM_API=true');
    expect(configText(t)).toBe(before);
    const patch = await t.http.patch(`${BASE}/local`).send({ args: ['x'] });
    expect(patch.status).toBe(403);
  });

  it('creates a remote server (201), persisted, and refuses a taken id with 409', async () => {
    const body = { id: 'remote', transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp' };
    const res = await t.http.post(BASE).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'remote',
      source: 'config',
      url: body.url,
      enabled: true,
    });
    expect(JSON.parse(configText(t)).mcp_servers.remote).toMatchObject({ url: body.url });
    expect((await t.http.post(BASE).send(body)).body.error.code).toBe('conflict');
    const builtIn = await t.http.post(BASE).send({ ...body, id: 'github' });
    expect(builtIn.status).toBe(409);
  });

  it('answers 400 for null fields, bad ids, a missing url and secret headers; writes nothing', async () => {
    const before = configText(t);
    const bad = [
      { id: 'n', transport: 'sse', url: null },
      { id: '../x', transport: 'sse', url: 'http://h/' },
      { id: 'nourl', transport: 'sse' },
      { id: 'h', transport: 'sse', url: 'http://h/', headers: { Authorization: 'Bearer x' } },
      { id: 'u', transport: 'sse', url: 'http://h/', unknown: 1 },
    ];
    for (const body of bad) {
      const res = await t.http.post(BASE).send(body);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    expect(configText(t)).toBe(before);
  });

  it('PATCHes url and headers of a config server, but not of a built-in (409)', async () => {
    const res = await t.http
      .patch(`${BASE}/remote`)
      .send({ url: 'http://127.0.0.1:10/mcp', headers: { 'X-Trace': 'on' } });
    expect(res.status).toBe(200);
    expect(res.body.url).toBe('http://127.0.0.1:10/mcp');
    expect((await t.http.patch(`${BASE}/github`).send({ url: 'http://h/' })).status).toBe(409);
    expect((await t.http.patch(`${BASE}/remote`).send({ url: null })).status).toBe(400);
  });

  it('DELETE: 409 for a built-in and for a routed server (listing the routes), 204 otherwise', async () => {
    expect((await t.http.delete(`${BASE}/github`)).status).toBe(409);
    await t.http.patch(`${BASE}/local`).send({ enabled: true });
    const route = await t.http
      .put('/api/v1/execution/routes/deploy')
      .send({ server_id: 'local', tool_name: 'echo' });
    expect(route.status).toBe(200);
    const inUse = await t.http.delete(`${BASE}/local`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.details.routes).toEqual(['deploy']);
    const pid = t.app.get(McpClientService).connectionInfo('local').pid;
    expect(pid).toBeTruthy();
    await t.http.delete('/api/v1/execution/routes/deploy');
    expect((await t.http.delete(`${BASE}/local`)).status).toBe(204);
    expect((await t.http.get(`${BASE}/local`)).status).toBe(404);
    expect(JSON.parse(configText(t)).mcp_servers.local).toBeUndefined();
    await waitFor(() => !alive(pid as number), 'the deleted server process to end');
  });
});

describe('OpenAPI of the new routes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => t?.close());

  it('describes create, import, delete and approve with their errors', async () => {
    type Op = { summary?: string; responses: Record<string, unknown>; security?: unknown[] };
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      security: unknown[];
      paths: Record<string, Record<string, Op>>;
    };
    const ops: [string, string, string[]][] = [
      [BASE, 'post', ['201', '400', '403', '409']],
      [`${BASE}/import`, 'post', ['200', '400']],
      [`${BASE}/{server_id}`, 'delete', ['409']],
      [`${BASE}/{server_id}/tools/{tool_name}/approve`, 'post', ['200', '404']],
      [`${BASE}/{server_id}/tools`, 'get', ['200', '409', '424']],
    ];
    for (const [path, method, statuses] of ops) {
      const op = doc.paths[path]?.[method];
      expect(op?.summary).toBeTruthy();
      // The document's root bearer requirement applies (public operations override it).
      expect(op?.security ?? doc.security).toEqual([{ bearer: [] }]);
      for (const status of statuses) expect(Object.keys(op?.responses ?? {})).toContain(status);
    }
  });
});

describe('Import and stdio from the API allowed (e2e)', () => {
  const secrets = { env: canary('env'), header: canary('header') };
  let t: TestApp;
  let http: HttpFixture;
  let output: ReturnType<typeof captureOutput>;
  const seen: string[] = [];
  const post = async (path: string, body: unknown) => {
    const res = await t.http.post(path).send(body as object);
    seen.push(res.text);
    return res;
  };

  beforeAll(async () => {
    http = await startHttpFixture({ EXPECTED_AUTH: `Bearer ${secrets.header}` });
    output = captureOutput();
    t = await startApp({ logs: true, env: { PATCHBAY_ALLOW_STDIO_FROM_API: 'true' } });
  });
  afterAll(async () => {
    const pid = t?.app.get(McpClientService).connectionInfo('claude').pid;
    await t?.close();
    output?.restore();
    await http?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  const claude = () => ({
    mcpServers: {
      claude: {
        command: process.execPath,
        args: [FAULT_SERVER, 'ok'],
        env: { API_KEY: secrets.env },
      },
    },
  });
  const cursor = () => ({
    mcpServers: {
      cursor: { url: http.url, headers: { Authorization: `Bearer ${secrets.header}` } },
      self: { url: `${t.url}/mcp` },
    },
  });
  const vscode = () => `{
    // VS Code mcp.json: comments and trailing commas are allowed
    "inputs": [{ "type": "promptString", "id": "tok", "description": "The API token", "password": true }],
    "servers": {
      "vs": { "type": "http", "url": "${http.url}", "headers": { "X-Api-Key": "\${input:tok}" } },
    },
  }`;

  it('dry_run shows what would be created and where each value goes, changing nothing', async () => {
    const res = await post(`${BASE}/import?dry_run=true`, claude());
    expect(res.status).toBe(200);
    expect(res.body.created.map((s: { id: string }) => s.id)).toEqual(['claude']);
    expect(res.body.placements).toEqual([
      { id: 'claude', field: 'env.API_KEY', to: expect.stringContaining('credential API_KEY') },
    ]);
    expect((await t.http.get(`${BASE}/claude`)).status).toBe(404);
  });

  it('imports a Claude Desktop stdio entry: env values become stored credentials', async () => {
    const res = await post(`${BASE}/import`, claude());
    expect(res.status).toBe(200);
    expect(res.body.created[0]).toMatchObject({ id: 'claude', transport: 'stdio', env_keys: [] });
    expect(res.body.created[0].credentials).toEqual([
      expect.objectContaining({
        name: 'API_KEY',
        configured: true,
        source: 'store',
        env: 'API_KEY',
      }),
    ]);
    const check = await invoke(t, 'claude', 'env-equals', { name: 'API_KEY', value: secrets.env });
    expect(check.body.content[0].text).toBe('true');
    const again = await post(`${BASE}/import`, claude());
    expect(again.body).toMatchObject({ created: [], skipped: [{ id: 'claude' }] });
  });

  it('imports a Cursor url entry: the Authorization header is a credential; a loop to Patchbay is skipped', async () => {
    const res = await post(`${BASE}/import`, cursor());
    expect(res.status).toBe(200);
    expect(res.body.skipped).toEqual([
      { id: 'self', reason: expect.stringMatching(/Patchbay itself/) },
    ]);
    expect(res.body.created[0].credentials[0]).toMatchObject({
      name: 'AUTHORIZATION',
      header: 'Authorization',
      configured: true,
    });
    const check = await invoke(t, 'cursor', 'auth-check');
    expect(check.body.content[0].text).toBe('true');
  });

  it('imports a VS Code JSONC snippet: an input placeholder becomes a declared credential', async () => {
    const res = await post(`${BASE}/import`, { snippet: vscode() });
    expect(res.status).toBe(200);
    expect(res.body.created[0]).toMatchObject({ id: 'vs', transport: 'streamable_http' });
    expect(res.body.created[0].credentials[0]).toMatchObject({
      name: 'X_API_KEY',
      configured: false,
      header: 'X-Api-Key',
    });
    expect((await t.http.get(`${BASE}/vs`)).body.status.state).toBe('needs_credentials');
  });

  it('answers 400 for a body that is no snippet', async () => {
    expect((await post(`${BASE}/import`, { other: {} })).status).toBe(400);
    expect((await post(`${BASE}/import`, { snippet: '{ "servers": ' })).status).toBe(400);
  });

  it('allows a stdio server through POST with the flag', async () => {
    const res = await post(BASE, {
      id: 'made',
      transport: 'stdio',
      command: process.execPath,
      args: [FAULT_SERVER, 'ok'],
    });
    expect(res.status).toBe(201);
    expect((await invoke(t, 'made', 'echo', { message: 'hi' })).status).toBe(200);
    expect((await t.http.delete(`${BASE}/made`)).status).toBe(204);
  });

  it('DELETE forgets the stored credentials and the pins of the server', async () => {
    const pins = () => readFileSync(join(t.dataDir, 'tool_pins.json'), 'utf8');
    await waitFor(() => pins().includes('"claude"'), 'the pins of claude');
    const pid = t.app.get(McpClientService).connectionInfo('claude').pid;
    expect((await t.http.delete(`${BASE}/claude`)).status).toBe(204);
    expect(pins()).not.toContain('"claude"');
    if (pid) await waitFor(() => !alive(pid), 'the claude process to end');
    const again = await post(BASE, {
      id: 'claude',
      transport: 'stdio',
      command: process.execPath,
      args: [FAULT_SERVER, 'ok'],
      credentials: [{ name: 'API_KEY', env: 'API_KEY' }],
    });
    expect(again.status).toBe(201);
    expect(again.body.credentials[0]).toMatchObject({ name: 'API_KEY', configured: false });
  });

  it('never writes a canary into the config file, a response or a log line', () => {
    const text = configText(t);
    expect(text).toContain('"claude"');
    for (const value of Object.values(secrets)) {
      expect(text).not.toContain(value);
      expect(seen.join('\n')).not.toContain(value);
      expect(output.text()).not.toContain(value);
    }
  });
});

describe('DELETE of a server a playbook uses (e2e)', () => {
  let t: TestApp;
  const manual = (tool: string, args: object = {}) => ({
    name: `calls ${tool}`,
    enabled: true,
    trigger: { type: 'webhook' },
    steps: [{ tool, args }],
  });
  const putPlaybook = (id: string, body: object) =>
    t.http.put(`/api/v1/playbooks/${id}`).send(body).expect(200);

  beforeAll(async () => {
    t = await startApp({
      servers: {
        used: faultServer('ok', { enabled: false }),
        other: faultServer('ok', { enabled: false }),
      },
    });
  });
  afterAll(async () => t?.close());

  it('answers 409 listing each playbook whose step calls the server (proxy, /mcp name, route)', async () => {
    await putPlaybook('by-proxy', manual('mcp_tool', { server_id: 'used', tool_name: 'echo' }));
    await putPlaybook('by-name', manual('used__echo'));
    await putPlaybook('by-route', manual('deploy', { service: 'x', version: '1' }));
    await putPlaybook('elsewhere', manual('mcp_tool', { server_id: 'other', tool_name: 'echo' }));
    await t.http.patch(`${BASE}/used`).send({ enabled: true }).expect(200);
    await t.http
      .put('/api/v1/execution/routes/deploy')
      .send({ server_id: 'used', tool_name: 'echo' })
      .expect(200);
    const before = configText(t);
    const res = await t.http.delete(`${BASE}/used`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({
      server_id: 'used',
      routes: ['deploy'],
      playbooks: ['by-name', 'by-proxy', 'by-route'].sort(),
      toolsets: [],
    });
    expect(res.body.error.message).toContain('playbook "by-proxy"');
    expect(configText(t)).toBe(before);

    await t.http.delete('/api/v1/execution/routes/deploy').expect(204);
    const still = await t.http.delete(`${BASE}/used`);
    expect(still.status).toBe(409);
    expect(still.body.error.details).toEqual({
      server_id: 'used',
      routes: [],
      playbooks: ['by-name', 'by-proxy'],
      toolsets: [],
    });
    await t.http.delete('/api/v1/playbooks/by-proxy').expect(204);
    await t.http.delete('/api/v1/playbooks/by-name').expect(204);
    expect((await t.http.delete(`${BASE}/used`)).status).toBe(204);
  });

  it('forgets the OAuth tokens and registration of a deleted server', async () => {
    const secrets = t.app.get(SecretsService);
    await secrets.writeInternal('other', 'oauth.tokens', '{"access_token":"tok-0123456789"}');
    await secrets.writeInternal('other', 'oauth.client', '{"client_id":"c"}');
    // What memory holds of the server's OAuth (a step-up a 403 asked for) goes too.
    const keeper = (t.app.get(OAuthService) as unknown as { keeper: TokenKeeper }).keeper;
    keeper.requireScope('other', 'repo');
    await t.http.delete('/api/v1/playbooks/elsewhere').expect(204);
    expect((await t.http.delete(`${BASE}/other`)).status).toBe(204);
    expect(secrets.readInternal('other', 'oauth.tokens')).toBeUndefined();
    expect(secrets.readInternal('other', 'oauth.client')).toBeUndefined();
    expect(keeper.stepUpScope('other')).toBeUndefined();
    expect(keeper.challengedScope('other')).toBeUndefined();
  });
});
