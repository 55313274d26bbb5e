/** The leader's advisory lock on a real PostgreSQL: one holder, handed over when it goes. */
import { Client } from 'pg';
import { AdvisoryLeaderLock } from '../../src/cluster/advisory-leader-lock';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

describeWithDatabase('leader election by advisory lock', () => {
  let db: TestDatabase;
  let locks: AdvisoryLeaderLock[];
  const seen = new Map<string, boolean[]>();
  const lock = (name: string, pollMs = 100) => {
    seen.set(name, []);
    const l = new AdvisoryLeaderLock(db.url, (v) => seen.get(name)?.push(v), pollMs);
    locks.push(l);
    return l;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    locks = [];
  });
  afterEach(async () => {
    await Promise.all(locks.map((l) => l.close()));
    await db.drop();
  });

  it('gives the seat to one, and to the other when the first closes', async () => {
    const a = lock('a');
    const b = lock('b');
    await a.start();
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await b.poll();
    expect(b.isLeader).toBe(false);
    await a.close();
    await waitFor(() => b.isLeader, 'b to lead');
    expect(seen.get('a')).toEqual([true, false]);
    expect(seen.get('b')).toEqual([true]);
  });

  it('steps down at once when its session is killed, and the other takes over', async () => {
    const a = lock('a', 60_000); // polls again only when asked: b is the one to take over
    const b = lock('b');
    await a.start();
    await b.start();
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      // The session holding the advisory lock: the leader's dedicated connection.
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await waitFor(() => b.isLeader, 'b to lead');
    // a lost its seat with its session; on reconnecting it finds b there and stays a follower.
    await a.poll();
    expect(a.isLeader).toBe(false);
    expect(seen.get('a')).toEqual([true, false]);
  });
});
