import { Logger } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { describeWithDatabase, useMigratedDatabase } from '../../../test/helpers/test-database';
import { LeaderService } from '../../cluster/leader.service';
import { PgActivityLiveness } from '../../database/replica-liveness';
import { PlaybookRun } from '../playbook.types';
import { OrphanRunSweeper } from './orphan-run-sweeper';
import { PgPlaybookRunStore } from './pg-playbook-run-store';

const running = (run_id: string): PlaybookRun => ({
  run_id,
  playbook_id: 'p',
  trigger: 'schedule',
  started_at: new Date().toISOString(),
  finished_at: null,
  outcome: 'running',
  dry_run: false,
  depth: 0,
  error: null,
  steps: [],
});

// Real connections named per replica: "dead" is a replica whose connections are gone.
describeWithDatabase('OrphanRunSweeper (PostgreSQL)', () => {
  const pg = useMigratedDatabase('all');
  const connect = (id: string) => pg.replica(id, { max: 2, named: true });
  const leading = new BehaviorSubject(true);
  const leader = { isLeader: () => leading.value } as unknown as LeaderService;

  beforeAll(() => Logger.overrideLogger(['error']));

  it('marks the runs of a replica that is gone, never those of a live one, on the leader only', async () => {
    const dead = connect('dead');
    await new PgPlaybookRunStore(dead).save(running('of-dead'));
    await dead.close();
    const alive = connect('alive');
    const store = new PgPlaybookRunStore(alive);
    await store.save(running('of-alive'));
    const sweeper = new OrphanRunSweeper(store, leader, new PgActivityLiveness(alive));

    leading.next(false);
    expect(await sweeper.sweep()).toEqual([]);
    leading.next(true);
    expect(await sweeper.sweep()).toEqual(['dead']);
    const outcomes = Object.fromEntries(
      (await store.list('p')).map((run) => [run.run_id, run.outcome]),
    );
    expect(outcomes).toEqual({ 'of-dead': 'failed', 'of-alive': 'running' });
    expect(await sweeper.sweep()).toEqual([]);
  });
});
