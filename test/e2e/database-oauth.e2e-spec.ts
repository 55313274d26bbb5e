/**
 * Upstream OAuth in database mode, with three replica processes on one PostgreSQL and the
 * fixture authorization server: an authorization made on one replica serves the others, and
 * 50 calls spread over the three at token expiry cause exactly one refresh grant.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replica, startReplica } from '../helpers/replicas';
import { ServerChild, startServerChild } from '../helpers/processes';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

const BASE = '/api/v1/integrations/mcp-servers/remote';
const FIXTURE = 'test/fixtures/servers/oauth-protected-server.mjs';

type Stats = { refreshes: number; code_exchanges: number; registrations: number };

describeWithDatabase('database mode: OAuth across replicas (e2e)', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'patchbay-db-oauth-'));
  let db: TestDatabase;
  let server: ServerChild;
  let base: string;
  let replicas: Replica[] = [];
  let a: Replica;

  const control = async (path: string, method = 'POST') =>
    (await (await fetch(`${base}/__control/${path}`, { method })).json()) as Stats;
  const invoke = (replica: Replica) =>
    replica.http.post('/api/v1/execution/tools/mcp_tool/invoke').send({
      args: { server_id: 'remote', tool_name: 'whoami', args: {} },
    });
  const oauthState = async (replica: Replica) =>
    (await replica.http.get(`${BASE}/oauth`)).body as { state: string; expires_at: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerChild([FIXTURE], {
      ready: /oauth-protected-server ready (\S+)/,
      what: 'oauth-protected-server',
      ms: 15_000,
    });
    base = server.ready[1];
    const servers = {
      remote: { transport: 'streamable_http', url: `${base}/mcp`, timeout_ms: 20_000 },
    };
    writeFileSync(join(configDir, 'mcp_servers.json'), JSON.stringify({ mcp_servers: servers }));
    replicas = await Promise.all(
      ['a', 'b', 'c'].map((id) => startReplica({ databaseUrl: db.url, id, configDir })),
    );
    a = replicas[0];
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await server?.stop();
    await db?.drop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('authorizes on replica A with the browser back on B; all three hold the authorization', async () => {
    expect((await a.http.get(`${BASE}/tools`)).status).toBe(424); // the 401 teaches discovery
    await control('expires-in/6');
    const started = await a.http.post(`${BASE}/oauth/authorize`).expect(200);
    const approved = await fetch(started.body.authorization_url as string, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location') ?? '');
    // Behind a load balancer the callback may reach any replica: B finishes A's flow.
    await replicas[1].http.get(`${callback.pathname}${callback.search}`).expect(302);
    await control('expires-in/3600');
    for (const r of replicas) {
      await waitFor(async () => (await oauthState(r)).state === 'authorized', `${r.id}`, 1_000);
    }
    const rows = await db.query<{ row: string }>(
      'SELECT t::text AS row FROM patchbay_credentials t',
    );
    expect(rows.map((r) => r.row).join('\n')).not.toContain('canary-');
  }, 60_000);

  it('refreshes exactly once for 50 calls spread over three replicas at expiry', async () => {
    const { expires_at } = await oauthState(a);
    const before = await control('stats', 'GET');
    expect(before.refreshes).toBe(0);
    await waitFor(() => Date.now() > Date.parse(expires_at), 'the token to expire', 15_000);
    const calls = await Promise.all(
      Array.from({ length: 50 }, (_, i) => invoke(replicas[i % replicas.length])),
    );
    expect(calls.map((c) => c.status)).toEqual(Array(50).fill(200));
    expect(calls.map((c) => c.body.content[0].text)).toEqual(Array(50).fill('authorized'));
    const after = await control('stats', 'GET');
    expect(after.refreshes).toBe(1);
    expect(after.code_exchanges).toBe(before.code_exchanges);
    for (const r of replicas) {
      expect(Date.parse((await oauthState(r)).expires_at)).toBeGreaterThan(Date.now() + 60_000);
      expect(r.output()).not.toContain('canary-');
    }
  }, 60_000);
});
