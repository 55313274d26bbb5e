import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { describeWithDatabase, useMigratedDatabase } from '../../../test/helpers/test-database';
import { PlaybookRun } from '../playbook.types';
import { PgPlaybookRunStore } from './pg-playbook-run-store';
import { waitFor } from '../../../test/helpers/wait';
import { DELIVERY_TTL_MS, MAX_RUNS_PER_PLAYBOOK } from './playbook-run-store';

const playbookRun = (over: Partial<PlaybookRun> = {}): PlaybookRun => ({
  run_id: 'run-1',
  playbook_id: 'p',
  trigger: 'webhook',
  started_at: new Date().toISOString(),
  finished_at: null,
  outcome: 'running',
  dry_run: false,
  depth: 0,
  error: null,
  steps: [],
  ...over,
});

describeWithDatabase('PgPlaybookRunStore (PostgreSQL)', () => {
  const pg = useMigratedDatabase();
  const replica = (id: string) => new PgPlaybookRunStore(pg.replica(id, { max: 2 }));

  beforeAll(() => Logger.overrideLogger(['error']));

  it('keeps runs newest first across replicas, replaces by run id and trims per playbook', async () => {
    const a = replica('a');
    const b = replica('b');
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    for (let i = 0; i <= MAX_RUNS_PER_PLAYBOOK; i++) {
      await (i % 2 ? a : b).save(playbookRun({ run_id: `r${i}`, started_at: at(i) }));
    }
    await a.save(playbookRun({ run_id: 'other', playbook_id: 'q' }));
    await b.save(playbookRun({ run_id: 'r200', started_at: at(200), outcome: 'succeeded' }));
    const runs = await a.list('p');
    expect(runs).toHaveLength(MAX_RUNS_PER_PLAYBOOK);
    expect(runs[0]).toMatchObject({ run_id: 'r200', outcome: 'succeeded' });
    expect(runs.at(-1)?.run_id).toBe('r1'); // r0, the oldest, went
    expect((await b.list('p', 2)).map((r) => r.run_id)).toEqual(['r200', 'r199']);
    await b.removeAll('p');
    expect(await a.list('p')).toEqual([]);
    expect(await a.list('q')).toHaveLength(1);
  });

  it('lets one of two replicas claim a delivery; the other answers the run it started', async () => {
    const stores = [replica('a'), replica('b')];
    const claims = stores.map((s) => s.claimDelivery('p', 'delivery-1'));
    const winner = await Promise.race(claims.map((c, i) => c.then((claim) => ({ claim, i }))));
    expect(winner.claim).toEqual({ first: true, runId: null });
    await stores[winner.i].deliveryStarted('p', 'delivery-1', 'run-7');
    const both = await Promise.all(claims);
    expect(both.filter((c) => c.first)).toHaveLength(1);
    expect(both[1 - winner.i]).toEqual({ first: false, runId: 'run-7' });
    expect(await stores[0].claimDelivery('p', 'delivery-1')).toEqual({
      first: false,
      runId: 'run-7',
    });
    expect((await stores[1].claimDelivery('q', 'delivery-1')).first).toBe(true);
  });

  it('forgets a delivery id after 24 hours, and with its playbook', async () => {
    const store = replica('a');
    const old = Date.now() - DELIVERY_TTL_MS - 1000;
    expect((await store.claimDelivery('p', 'd', old)).first).toBe(true);
    await store.deliveryStarted('p', 'd', null);
    expect((await store.claimDelivery('p', 'd')).first).toBe(true);
    await store.deliveryStarted('p', 'd', 'run-1');
    await store.removeAll('p');
    expect((await store.claimDelivery('p', 'd')).first).toBe(true);
  });

  it('marks at start only the runs its own replica left running', async () => {
    await replica('a').save(playbookRun({ run_id: 'mine' }));
    await replica('b').save(playbookRun({ run_id: 'theirs' }));
    const restarted = replica('a');
    await restarted.onModuleInit();
    const runs = await restarted.list('p');
    expect(runs.find((r) => r.run_id === 'mine')).toMatchObject({
      outcome: 'failed',
      error: 'Patchbay stopped while the run was going.',
    });
    expect(runs.find((r) => r.run_id === 'theirs')).toMatchObject({ outcome: 'running' });
    const rows = await pg.db.query<{ run_id: string; replica_id: string; outcome: string }>(
      'SELECT run_id, replica_id, outcome FROM patchbay_playbook_runs ORDER BY run_id',
    );
    expect(rows).toEqual([
      { run_id: 'mine', replica_id: 'a', outcome: 'failed' },
      { run_id: 'theirs', replica_id: 'b', outcome: 'running' },
    ]);
  });

  it('leaves a run that finished while the sweep ran as it finished', async () => {
    const owner = replica('gone');
    await owner.save(playbookRun({ run_id: 'late' }));
    await owner.save(playbookRun({ run_id: 'stuck', started_at: new Date(0).toISOString() }));
    const pool = new Pool({ connectionString: pg.db.url, max: 1 });
    const finisher = await pool.connect();
    try {
      // The run finishes in a transaction the sweep has to wait for.
      await finisher.query('BEGIN');
      await finisher.query(
        `UPDATE patchbay_playbook_runs SET outcome = 'succeeded', body = $2 WHERE run_id = $1`,
        ['late', JSON.stringify(playbookRun({ run_id: 'late', outcome: 'succeeded' }))],
      );
      const sweep = replica('leader').markInterrupted('gone');
      await waitFor(
        async () =>
          (
            await pg.db.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                 AND wait_event_type = 'Lock' AND query LIKE '%patchbay_playbook_runs%'`,
            )
          ).length > 0,
        'the sweep to wait for the finishing run',
      );
      await finisher.query('COMMIT');
      expect(await sweep).toBe(1);
    } finally {
      finisher.release();
      await pool.end();
    }
    const rows = await pg.db.query<{ run_id: string; outcome: string; body: string }>(
      'SELECT run_id, outcome, body FROM patchbay_playbook_runs ORDER BY run_id',
    );
    expect(
      rows.map((r) => [r.run_id, r.outcome, (JSON.parse(r.body) as PlaybookRun).outcome]),
    ).toEqual([
      ['late', 'succeeded', 'succeeded'],
      ['stuck', 'failed', 'failed'],
    ]);
  });
});
