/**
 * Three replica processes on one PostgreSQL: heartbeats list them all with one leader; the
 * leader alone runs a schedule; after kill -9 of the leader another one leads within 10 s
 * and the schedule goes on from it. Playbook runs are shared: which replica ran each one is
 * read from the table, and every replica's API lists the same runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio } from '../helpers/fixtures';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

const TOKEN = 'cluster-e2e-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

type ReplicaView = { replica_id: string; leader: boolean; servers: Record<string, string> };

const tick = {
  name: 'Tick',
  enabled: true,
  trigger: { type: 'schedule', cron: '* * * * * *' },
  steps: [{ tool: 'list_mcp_servers', args: {} }],
};

describeWithDatabase('Cluster (e2e, three replicas on one database)', () => {
  let db: TestDatabase;
  let configDir: string;
  let replicas: Replica[] = [];

  const cluster = async (r: Replica): Promise<ReplicaView[]> =>
    (await r.http.get('/api/v1/cluster').set(auth).expect(200)).body as ReplicaView[];
  /** Scheduled runs that replica `r` ran (the shared table records the replica of each). */
  const runCount = async (r: Replica): Promise<number> => {
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM patchbay_playbook_runs WHERE playbook_id = 'tick' AND replica_id = $1",
      [r.id],
    );
    return row.n;
  };
  const listed = async (r: Replica): Promise<string[]> =>
    (
      (await r.http.get('/api/v1/playbooks/tick/runs').set(auth).expect(200)).body as {
        run_id: string;
      }[]
    )
      .map((run) => run.run_id)
      .sort();
  const leaders = (list: ReplicaView[]) => list.filter((v) => v.leader).map((v) => v.replica_id);

  beforeAll(async () => {
    db = await createTestDatabase();
    configDir = mkdtempSync(join(tmpdir(), 'patchbay-cluster-config-'));
    const servers = { off: everythingStdio({ enabled: false }) };
    writeFileSync(join(configDir, 'mcp_servers.json'), JSON.stringify({ mcp_servers: servers }));
    writeFileSync(join(configDir, 'playbooks.json'), JSON.stringify({ playbooks: { tick } }));
    const env = { PATCHBAY_API_TOKEN: TOKEN };
    const started = await Promise.allSettled(
      ['r1', 'r2', 'r3'].map((id) => startReplica({ databaseUrl: db.url, id, configDir, env })),
    );
    replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.drop();
    rmSync(configDir, { recursive: true, force: true });
  }, 60_000);

  it('lists the three live replicas on each of them, with exactly one leader', async () => {
    let seen: ReplicaView[][] = [];
    await waitFor(
      async () => {
        seen = await Promise.all(replicas.map(cluster));
        return seen.every((list) => list.length === 3 && leaders(list).length === 1);
      },
      () => `three replicas and one leader on each, saw ${JSON.stringify(seen)}`,
    );
    const leader = leaders(seen[0])[0];
    for (const list of seen) {
      expect(list.map((v) => v.replica_id).sort()).toEqual(['r1', 'r2', 'r3']);
      expect(leaders(list)).toEqual([leader]);
      for (const v of list) expect(v.servers).toMatchObject({ off: 'disabled' });
    }
    const rows = await db.query<{ replica_id: string }>('SELECT replica_id FROM patchbay_replicas');
    expect(rows.length).toBe(3);
  });

  it('runs the schedule on the leader only, and from another replica after kill -9', async () => {
    const leaderId = leaders(await cluster(replicas[0]))[0];
    const leader = replicas.find((r) => r.id === leaderId) as Replica;
    const followers = replicas.filter((r) => r !== leader);
    await waitFor(async () => (await runCount(leader)) >= 2, 'two scheduled runs on the leader');
    for (const f of followers) expect(await runCount(f)).toBe(0);
    // One history: a follower lists the leader's runs (those finished when both were read).
    const fromLeader = await listed(leader);
    expect(await listed(followers[0])).toEqual(expect.arrayContaining(fromLeader.slice(0, 1)));
    // A follower still shows when the schedule fires next (it computes it, it does not run it).
    const view = await followers[0].http.get('/api/v1/playbooks/tick').set(auth).expect(200);
    expect(Date.parse(view.body.next_run_at)).toBeGreaterThan(Date.now() - 2_000);

    await leader.kill();
    replicas = followers;
    const newLeaderId = await waitFor(
      async () => {
        const ids = leaders(await cluster(followers[0]));
        return ids.length === 1 && ids[0] !== leaderId && ids[0];
      },
      'another replica to lead',
      10_000,
    );
    const newLeader = followers.find((r) => r.id === newLeaderId) as Replica;
    const other = followers.find((r) => r !== newLeader) as Replica;
    const before = await runCount(newLeader);
    await waitFor(
      async () => (await runCount(newLeader)) >= before + 2,
      'two scheduled runs on the new leader',
    );
    expect(await runCount(other)).toBe(0);
    expect(leaders(await cluster(other))).toEqual([newLeaderId]);
    // The killed replica never said goodbye: it leaves the list when its heartbeat ages out.
    await waitFor(
      async () =>
        (await cluster(other))
          .map((v) => v.replica_id)
          .sort()
          .join() === [newLeaderId, other.id].sort().join(),
      'the killed replica to drop off the list',
      20_000,
    );
  }, 90_000);

  it('deletes its heartbeat row on a clean stop', async () => {
    const [first, ...rest] = replicas;
    await first.stop();
    replicas = rest;
    const rows = await db.query<{ replica_id: string }>('SELECT replica_id FROM patchbay_replicas');
    expect(rows.map((r) => r.replica_id)).not.toContain(first.id);
  });
});
