import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrationRegistryService } from '../../src/integration-registry/integration-registry.service';
import { startApp, TestApp, everythingStdio } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const API = '/api/v1/integrations';
const BUILT_IN = ['github', 'cloudflare', 'gcp', 'azure', 'openai', 'ollama'];
const readFile = (t: TestApp) =>
  JSON.parse(readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8'));

describe('integration registry (e2e)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startApp({
      servers: { demo: everythingStdio({ enabled: false }), github: { enabled: false } },
    });
  });
  afterEach(() => t.close());

  it('lists integrations, built-in and from config', async () => {
    const res = await t.http.get(API).expect(200);
    const ids = res.body.map((i: { id: string }) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'github',
        'cloudflare',
        'gcp',
        'azure',
        'openai',
        'local-models',
        'demo',
      ]),
    );
    const github = res.body.find((i: { id: string }) => i.id === 'github');
    expect(github).toEqual({
      id: 'github',
      name: expect.any(String),
      description: expect.any(String),
      enabled_by_default: false,
      enabled: false,
      mcp_server: 'github',
    });
  });

  it('lists merged servers with every documented field', async () => {
    const res = await t.http.get(`${API}/mcp-servers`).expect(200);
    const ids = res.body.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([...BUILT_IN, 'demo']));
    const github = res.body.find((s: { id: string }) => s.id === 'github');
    expect(github).toMatchObject({
      transport: 'streamable_http',
      url: expect.stringMatching(/^https:/),
      source: 'default',
    });
    expect(github.credentials[0]).toEqual(
      expect.objectContaining({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', required: true }),
    );
    const demo = res.body.find((s: { id: string }) => s.id === 'demo');
    expect(demo).toMatchObject({
      source: 'config',
      transport: 'stdio',
      command: process.execPath,
      enabled: false,
    });
    expect(Object.keys(demo.status).sort()).toEqual(
      [
        'checked_at',
        'consecutive_failures',
        'error',
        'latency_ms',
        'next_check_at',
        'state',
        'tool_count',
      ].sort(),
    );
    expect(demo.status.state).toBe('disabled');
    expect(demo).not.toHaveProperty('env');
  });

  it('gets one server and answers 404 for an unknown id', async () => {
    await t.http.get(`${API}/mcp-servers/demo`).expect(200);
    const res = await t.http.get(`${API}/mcp-servers/nope`).expect(404);
    expect(res.body.error.code).toBe('server_not_found');
    expect(res.body.error.message).toContain('nope');
  });

  it('PATCH enables and disables, persists only what differs from defaults, mode 0600', async () => {
    let res = await t.http.patch(`${API}/mcp-servers/github`).send({ enabled: true }).expect(200);
    expect(res.body).toMatchObject({ id: 'github', enabled: true, enabled_by_default: false });
    expect(readFile(t).mcp_servers.github).toEqual({ enabled: true });
    res = await t.http.patch(`${API}/mcp-servers/github`).send({ enabled: false }).expect(200);
    expect(res.body.enabled).toBe(false);
    expect(readFile(t).mcp_servers.github).toBeUndefined();
    expect(statSync(join(t.configDir, 'mcp_servers.json')).mode & 0o777).toBe(0o600);
    const list = await t.http.get(API).expect(200);
    expect(list.body.find((i: { id: string }) => i.id === 'github').enabled).toBe(false);
  });

  it('keeps changes across a restart', async () => {
    await t.http
      .patch(`${API}/mcp-servers/cloudflare`)
      .send({ enabled: true, timeout_ms: 5000 })
      .expect(200);
    const dir = t.dir;
    await t.app.close();
    const again = await startApp({ dir });
    try {
      const res = await again.http.get(`${API}/mcp-servers/cloudflare`).expect(200);
      expect(res.body).toMatchObject({ enabled: true, timeout_ms: 5000 });
    } finally {
      await again.close();
    }
  });

  it('serialises 50 concurrent PATCHes into a valid file matching a serial order', async () => {
    const ids = ['github', 'cloudflare', 'gcp', 'azure', 'openai'];
    const patches = Array.from({ length: 50 }, (_, i) => ({
      id: ids[i % ids.length],
      enabled: i % 3 !== 0,
    }));
    const results = await Promise.all(
      patches.map((p) => t.http.patch(`${API}/mcp-servers/${p.id}`).send({ enabled: p.enabled })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const file = readFile(t);
    // Whatever the arrival order, the last PATCH per id wins: the file must equal one serial order.
    const servers = (await t.http.get(`${API}/mcp-servers`).expect(200)).body;
    for (const id of ids) {
      const final = servers.find((s: { id: string }) => s.id === id).enabled;
      expect(file.mcp_servers[id]?.enabled ?? false).toBe(final);
      const candidates = patches.filter((p) => p.id === id).map((p) => p.enabled);
      expect(candidates).toContain(final);
    }
  });

  it('picks up a valid hand edit live and ignores an invalid one', async () => {
    const path = join(t.configDir, 'mcp_servers.json');
    const file = readFile(t);
    file.mcp_servers.demo.name = 'Edited by hand';
    writeFileSync(path, JSON.stringify(file));
    await waitFor(
      async () => (await t.http.get(`${API}/mcp-servers/demo`)).body.name === 'Edited by hand',
      'the hand edit to be picked up',
      5_000,
      25,
    );
    writeFileSync(path, '{"mcp_servers": {"demo": {"transport": "carrier-pigeon"}}}');
    await t.app.get(IntegrationRegistryService).reload();
    const res = await t.http.get(`${API}/mcp-servers/demo`).expect(200);
    expect(res.body).toMatchObject({ name: 'Edited by hand', transport: 'stdio' });
  });
});

describe('integration registry start-up', () => {
  it('refuses to start on a corrupt file, naming the file and the JSON path', async () => {
    const bad = { demo: { transport: 'stdio', command: 'node', args: 'not-an-array', bogus: 1 } };
    const failure = startApp({ servers: bad });
    await expect(failure).rejects.toThrow(/config\/mcp_servers\.json is invalid:/);
    await expect(failure).rejects.toThrow(/\$\.mcp_servers\.demo\.args: must be array/);
    await expect(failure).rejects.toThrow(/\$\.mcp_servers\.demo\.bogus: is not a known field/);
  });

  it('refuses a new server without a launch', async () => {
    await expect(startApp({ servers: { x: { transport: 'stdio' } } })).rejects.toThrow(
      /\$\.mcp_servers\.x\.command/,
    );
  });
});
