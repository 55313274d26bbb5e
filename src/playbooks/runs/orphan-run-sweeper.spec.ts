import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { BehaviorSubject } from 'rxjs';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
  quiet,
} from '../../../test/helpers/test-database';
import { LeaderService } from '../../cluster/leader.service';
import { Database } from '../../database/database';
import { migrate } from '../../database/migrate';
import { PgActivityLiveness, withApplicationName } from '../../database/replica-liveness';
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
  let test: TestDatabase;
  const open: Database[] = [];
  const connect = (id: string) => {
    const url = withApplicationName(test.url, id);
    const db = new Database(new Pool({ connectionString: url, max: 2 }), url, id);
    open.push(db);
    return db;
  };
  const leading = new BehaviorSubject(true);
  const leader = { isLeader: () => leading.value } as unknown as LeaderService;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    test = await createTestDatabase();
    await migrate(test.url, quiet);
  });
  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
    await test.drop();
  });

  it('marks the runs of a replica that is gone, never those of a live one, on the leader only', async () => {
    const dead = connect('dead');
    await new PgPlaybookRunStore(dead).save(running('of-dead'));
    await dead.close();
    open.splice(open.indexOf(dead), 1);
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
