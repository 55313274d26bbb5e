/**
 * Database mode, the whole state over a restart of every replica: three replica processes on
 * one PostgreSQL take edits, credentials, keys, calls, a task and a playbook run; all three
 * stop; three new processes with EMPTY data folders start on the same database and every
 * one of them serves all of it. Nothing lived in a replica's own folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio } from '../helpers/fixtures';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

const TOKEN = 'restart-e2e-admin-token-0123';
const SERVER = '/api/v1/integrations/mcp-servers/everything';
type Json = Record<string, unknown>;

describeWithDatabase('database mode: a restart of all three replicas loses nothing', () => {
  let db: TestDatabase;
  let dir: string;
  let replicas: Replica[] = [];
  let generation = 0;

  const start = async () => {
    generation++;
    replicas = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        startReplica({
          databaseUrl: db.url,
          id,
          configDir: join(dir, 'config'),
          // A fresh data folder each time: whatever survives came from the database.
          dataDir: join(dir, `data-${id}-${generation}`),
          env: { PATCHBAY_API_TOKEN: TOKEN },
        }),
      ),
    );
  };
  const as = (r: Replica, token = TOKEN) => ({
    get: (path: string) => r.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: Json) =>
      r.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: Json) =>
      r.http.put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'patchbay-restart-'));
    const credentials = [{ name: 'ECHO_TOKEN', required: true, env: 'ECHO_TOKEN' }];
    const servers = { everything: everythingStdio({ credentials }) };
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(
      join(dir, 'config', 'mcp_servers.json'),
      JSON.stringify({ mcp_servers: servers }),
    );
    await start();
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('keeps edits, credentials, keys, pins, runs, tasks and playbook runs', async () => {
    const [a, b, c] = replicas;
    await as(b)
      .put(`${SERVER}/credentials/ECHO_TOKEN`, { value: 'restart-canary-value' })
      .expect(204);
    await waitFor(
      async () => (await as(a).get(SERVER)).body.status?.state !== 'needs_credentials',
      'the credential on replica A',
      1_000,
    );
    await as(a)
      .put('/api/v1/execution/routes/say', { server_id: 'everything', tool_name: 'echo' })
      .expect(200);
    const key = await as(c)
      .post('/api/v1/api-keys', { name: 'reader', scopes: ['read'] })
      .expect(201);
    const pinned = (await as(a).get(`${SERVER}/tools`).expect(200)).body as Json[];
    const fingerprint = (pinned.find((t) => t.name === 'echo')?.pin as Json).fingerprint;
    const runIds: string[] = [];
    for (const r of [a, b, c]) {
      await waitFor(
        async () => (await as(r).get('/api/v1/execution/routes')).body.length === 1,
        `route on ${r.id}`,
        1_000,
      );
      const res = await as(r)
        .post('/api/v1/execution/tools/say/invoke', { args: { message: `from ${r.id}` } })
        .expect(200);
      runIds.push(res.body.run_id as string);
    }
    const task = await as(b)
      .post('/api/v1/execution/tasks', { tool: 'say', args: { message: 'task' } })
      .expect(202);
    await waitFor(
      async () =>
        (await as(b).get(`/api/v1/execution/tasks/${task.body.task_id}`)).body.state ===
        'succeeded',
      'the task to finish',
    );
    const playbook = {
      name: 'Say',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [{ tool: 'say', args: { message: 'pb' } }],
    };
    await as(c).put('/api/v1/playbooks/say', playbook).expect(200);
    const pbRun = await as(a).post('/api/v1/playbooks/say/run', {}).expect(200);
    expect(pbRun.body.outcome).toBe('succeeded');

    await Promise.all(replicas.map((r) => r.stop()));
    await start();

    for (const r of replicas) {
      const server = (await as(r).get(SERVER).expect(200)).body as Json;
      expect(server.credentials).toEqual([
        expect.objectContaining({ name: 'ECHO_TOKEN', configured: true, source: 'store' }),
      ]);
      expect((await as(r).get('/api/v1/execution/routes').expect(200)).body).toEqual([
        { tool: 'say', server_id: 'everything', tool_name: 'echo' },
      ]);
      await r.http
        .get('/api/v1/integrations')
        .set('Authorization', `Bearer ${key.body.key}`)
        .expect(200);
      const tools = (await as(r).get(`${SERVER}/tools`).expect(200)).body as Json[];
      expect(tools.find((t) => t.name === 'echo')?.pin).toMatchObject({
        state: 'pinned',
        fingerprint,
      });
      const runs = (
        (await as(r).get('/api/v1/execution/runs?tool=say').expect(200)).body as Json[]
      ).map((x) => x.run_id);
      expect(runs).toEqual(expect.arrayContaining(runIds));
      const taskView = (await as(r).get(`/api/v1/execution/tasks/${task.body.task_id}`).expect(200))
        .body as Json;
      expect(taskView).toMatchObject({ state: 'succeeded', tool: 'say' });
      const pbRuns = (await as(r).get('/api/v1/playbooks/say/runs').expect(200)).body as Json[];
      expect(pbRuns.map((x) => x.run_id)).toContain(pbRun.body.run_id);
      // The call works with the stored credential on every new process.
      await as(r)
        .post('/api/v1/execution/tools/say/invoke', { args: { message: 'again' } })
        .expect(200);
    }
  }, 120_000);
});
