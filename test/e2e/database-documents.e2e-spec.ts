/**
 * Database mode, the documents the API edits: three replica processes on one PostgreSQL and
 * one shared config folder (the read-only base). An edit on any replica reaches the others
 * within a second, through the same path a hand edit of the file takes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERYTHING, MEMORY, everythingStdio } from '../helpers/fixtures';
import { childPids, gone } from '../helpers/processes';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';
import { McpTestClient, connectMcp } from './mcp-server.support';

const SERVERS = '/api/v1/integrations/mcp-servers';
const SECOND = 1_000;
type Json = Record<string, unknown>;

describeWithDatabase('database mode: documents shared by three replicas', () => {
  let db: TestDatabase;
  let dir: string;
  let configDir: string;
  let replicas: Replica[] = [];
  const clients: McpTestClient[] = [];

  const start = async () => {
    replicas = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        startReplica({ databaseUrl: db.url, id, configDir, dataDir: join(dir, `data-${id}`) }),
      ),
    );
    return replicas;
  };
  const stopAll = async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(replicas.map((r) => r.stop()));
    replicas = [];
  };
  const server = async (r: Replica, id: string): Promise<Json | null> => {
    const res = await r.http.get(`${SERVERS}/${id}`);
    return res.status === 200 ? (res.body as Json) : null;
  };
  /** The memory server's stdio process under this replica (connecting it with a call first). */
  const memoryProcess = async (r: Replica): Promise<number> => {
    await r.http
      .post('/api/v1/execution/tools/mcp_tool/invoke')
      .send({ args: { server_id: 'memory', tool_name: 'read_graph', args: {} } })
      .expect(200);
    const [pid] = await waitFor(() => {
      const pids = childPids(MEMORY, r.pid);
      return pids.length > 0 && pids;
    }, `the memory server under replica ${r.id}`);
    return pid;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'patchbay-docs-'));
    configDir = join(dir, 'config');
    mkdirSync(configDir);
    const memory = {
      name: 'Memory',
      transport: 'stdio',
      command: process.execPath,
      args: [MEMORY],
      env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
    };
    writeFileSync(
      join(configDir, 'mcp_servers.json'),
      JSON.stringify({ mcp_servers: { memory, everything: everythingStdio() } }),
    );
    // An install moving to database mode: its toolsets are imported on the first start.
    writeFileSync(
      join(configDir, 'toolsets.json'),
      JSON.stringify({ toolsets: { imported: { name: 'Imported', tools: ['deploy'] } } }),
    );
    await start();
  });

  afterAll(async () => {
    await stopAll();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a PATCH {"enabled": false} on A is seen by B and C within a second, which stop the process', async () => {
    const [a, b, c] = replicas;
    const pids = { b: await memoryProcess(b), c: await memoryProcess(c) };
    await a.http.patch(`${SERVERS}/memory`).send({ enabled: false }).expect(200);
    for (const r of [b, c]) {
      await waitFor(async () => (await server(r, 'memory'))?.enabled === false, `${r.id}`, SECOND);
    }
    await gone(pids.b, 'the memory server of replica b');
    await gone(pids.c, 'the memory server of replica c');
    expect(childPids(MEMORY, b.pid)).toEqual([]);
    expect(childPids(MEMORY, c.pid)).toEqual([]);
    // The base file is read-only in database mode: the edit lives in the database.
    const base = JSON.parse(readFileSync(join(configDir, 'mcp_servers.json'), 'utf8'));
    expect(base.mcp_servers.memory.enabled).toBeUndefined();
    const [row] = await db.query<{ body: Json }>(
      "SELECT body FROM patchbay_documents WHERE name = 'mcp_servers'",
    );
    expect(row.body).toEqual({ mcp_servers: { memory: { enabled: false } } });
  });

  it('a route PUT on A is used by an invoke on B', async () => {
    const [a, b] = replicas;
    await a.http
      .put('/api/v1/execution/routes/deploy')
      .send({ server_id: 'everything', tool_name: 'echo' })
      .expect(200);
    const routed = await waitFor(async () => {
      const res = await b.http
        .post('/api/v1/execution/tools/deploy/invoke')
        .send({ args: { message: 'from b' } });
      return res.status === 200 && (res.body as Json);
    }, 'the route on replica b');
    expect(routed).toMatchObject({
      binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
      content: [{ type: 'text', text: 'Echo: from b' }],
    });
    expect(childPids(EVERYTHING, b.pid).length).toBeGreaterThan(0);
  });

  it('a toolset created on B is served on C; a change on A reaches its /mcp session on C', async () => {
    const [a, b, c] = replicas;
    await b.http
      .put('/api/v1/toolsets/ops')
      .send({ name: 'Ops', tools: ['deploy'] })
      .expect(200);
    await waitFor(
      async () => (await c.http.get('/api/v1/toolsets/ops')).status === 200,
      'the toolset on replica c',
      SECOND,
    );
    const ops = await connectMcp(`${c.url}/mcp/toolsets/ops`);
    clients.push(ops);
    expect(await ops.names()).toEqual(['deploy']);
    const before = ops.listChanged();
    await a.http
      .put('/api/v1/toolsets/ops')
      .send({ name: 'Ops', tools: ['deploy', 'list_mcp_servers'] })
      .expect(200);
    await waitFor(() => ops.listChanged() > before, 'list_changed on replica c');
    expect(await ops.names()).toEqual(['deploy', 'list_mcp_servers']);
  });

  it("imports the install's files on the first start, and every replica serves them", async () => {
    for (const r of replicas) {
      const res = await r.http.get('/api/v1/toolsets/imported').expect(200);
      expect(res.body).toMatchObject({ id: 'imported', tools: ['deploy'] });
    }
  });

  it('servers added through the API live in the database; one of the base file cannot be deleted', async () => {
    const [a, b, c] = replicas;
    const remote = {
      id: 'remote',
      transport: 'streamable_http',
      url: 'http://127.0.0.1:9/mcp',
      enabled: false,
    };
    await a.http.post(SERVERS).send(remote).expect(201);
    await waitFor(async () => (await server(c, 'remote')) !== null, 'remote on c', SECOND);
    await b.http.delete(`${SERVERS}/remote`).expect(204);
    await waitFor(async () => (await server(a, 'remote')) === null, 'remote gone on a', SECOND);

    const refused = await b.http.delete(`${SERVERS}/memory`).expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      details: { server_id: 'memory', file: 'config/mcp_servers.json' },
    });
    expect(await server(a, 'memory')).not.toBeNull();
  });

  it('after all three restart on the same database, every edit is still there', async () => {
    await stopAll();
    const [a, b, c] = await start();
    for (const r of [a, b, c]) {
      expect((await server(r, 'memory'))?.enabled).toBe(false);
      const routes = await r.http.get('/api/v1/execution/routes').expect(200);
      expect(routes.body).toEqual([{ tool: 'deploy', server_id: 'everything', tool_name: 'echo' }]);
      const sets = await r.http.get('/api/v1/toolsets').expect(200);
      expect((sets.body as Json[]).map((s) => s.id)).toEqual(['imported', 'ops']);
      expect(await server(r, 'remote')).toBeNull();
    }
  });
});
