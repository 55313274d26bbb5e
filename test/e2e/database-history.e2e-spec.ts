/** Database mode: one run history and one run per webhook delivery across replica processes. */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio } from '../helpers/fixtures';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

const EXEC = '/api/v1/execution';
const SECRET = 'whsec-history-0123456789abcdef';
type Json = Record<string, unknown>;

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describeWithDatabase('database mode: run history and webhook deliveries across replicas', () => {
  let db: TestDatabase;
  let dir: string;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'patchbay-db-history-'));
    const configDir = join(dir, 'config');
    mkdirSync(configDir);
    // The shared, read-only base: one stdio server and one webhook playbook calling it.
    writeFileSync(
      join(configDir, 'mcp_servers.json'),
      JSON.stringify({ mcp_servers: { everything: everythingStdio() } }),
    );
    const echo = {
      server_id: 'everything',
      tool_name: 'echo',
      args: { message: '${event.body.n}' },
    };
    const playbook = {
      name: 'Hooked',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [{ tool: 'mcp_tool', args: echo }],
    };
    writeFileSync(
      join(configDir, 'playbooks.json'),
      JSON.stringify({ playbooks: { hooked: playbook } }),
    );
    replicas = await Promise.all(
      ['r1', 'r2', 'r3'].map((id) =>
        startReplica({ databaseUrl: db.url, id, configDir, dataDir: join(dir, id) }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runs = async (replica: Replica, query = ''): Promise<Json[]> =>
    (await replica.http.get(`${EXEC}/runs${query}`).expect(200)).body as Json[];

  it('shows the runs of every replica in one history, newest first, paged from any replica', async () => {
    const made: { run_id: string; replica: string }[] = [];
    for (let i = 0; i < 9; i++) {
      const replica = replicas[i % 3];
      const res = await replica.http
        .post(`${EXEC}/tools/mcp_tool/invoke`)
        .send({ args: { server_id: 'everything', tool_name: 'echo', args: { message: `m${i}` } } })
        .expect(200);
      made.push({ run_id: res.body.run_id as string, replica: replica.id });
    }
    const newestFirst = made.reverse();
    const calls = (list: Json[]) =>
      list
        .filter((r) => r.caller === 'http')
        .map((r) => ({ run_id: r.run_id, replica: r.replica_id }));
    for (const replica of replicas) {
      // Another replica's runs arrive with its next batch (every 100 ms).
      const seen = await waitFor(
        async () => {
          const list = await runs(replica, '?caller=http');
          return list.length === 9 && list;
        },
        `replica ${replica.id} to list all nine runs`,
        10_000,
      );
      expect(calls(seen)).toEqual(newestFirst);
    }
    const page1 = await runs(replicas[2], '?caller=http&limit=4');
    const page2 = await runs(replicas[0], `?caller=http&limit=4&before=${String(page1[3].run_id)}`);
    const page3 = await runs(replicas[1], `?caller=http&limit=4&before=${String(page2[3].run_id)}`);
    expect(calls([...page1, ...page2, ...page3])).toEqual(newestFirst);
    const detail = await replicas[1].http.get(`${EXEC}/runs/${newestFirst[0].run_id}`).expect(200);
    expect(detail.body).toMatchObject({ replica_id: 'r3', outcome: 'ok', error: null });
    expect(JSON.stringify(detail.body.result)).toContain('m8');
    const rows = await db.query<{ replica_id: string; n: string }>(
      "SELECT replica_id, count(*) AS n FROM patchbay_runs WHERE caller = 'http' GROUP BY replica_id ORDER BY replica_id",
    );
    expect(rows).toEqual([
      { replica_id: 'r1', n: '3' },
      { replica_id: 'r2', n: '3' },
      { replica_id: 'r3', n: '3' },
    ]);
  });

  it('runs one webhook delivery posted to two replicas at once a single time', async () => {
    const [a, b] = replicas;
    // Webhook secrets are still kept per replica in this branch: set it on both.
    for (const replica of [a, b]) {
      await replica.http
        .put('/api/v1/playbooks/hooked/webhook-secret')
        .send({ value: SECRET })
        .expect(204);
    }
    const body = JSON.stringify({ n: 'delivered-once' });
    const post = (replica: Replica) =>
      replica.http
        .post('/hooks/hooked')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', sign(body))
        .set('X-GitHub-Delivery', 'delivery-42')
        .send(body);
    const answers = await Promise.all([post(a), post(b)]);
    expect(answers.map((res) => res.status)).toEqual([202, 202]);
    const ids = answers.map((res) => res.body.run_id as string);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBe(ids[0]);
    expect(answers.map((res) => res.body.redelivery as boolean).sort()).toEqual([false, true]);
    for (const replica of replicas) {
      const finished = await waitFor(
        async () => {
          const res = await replica.http.get('/api/v1/playbooks/hooked/runs').expect(200);
          const list = res.body as Json[];
          return list.length > 0 && list.every((r) => r.outcome !== 'running') && list;
        },
        `the playbook run, seen from ${replica.id}`,
        10_000,
      );
      expect(finished.map((r) => [r.run_id, r.outcome])).toEqual([[ids[0], 'succeeded']]);
    }
    const playbookCalls = await waitFor(
      async () => {
        const list = await runs(replicas[2], '?caller=playbook');
        return list.length > 0 && list;
      },
      'the playbook step in the run history',
      10_000,
    );
    expect(playbookCalls).toHaveLength(1);
    const steps = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM patchbay_runs WHERE caller = 'playbook'",
    );
    expect(steps).toEqual([{ n: '1' }]);
  });
});
