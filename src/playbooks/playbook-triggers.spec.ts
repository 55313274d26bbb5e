import { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BehaviorSubject } from 'rxjs';
import { waitFor } from '../../test/helpers/wait';
import { LeaderService } from '../cluster/leader.service';
import { patchbayConfig } from '../config/patchbay.config';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { PlaybookRunner } from './playbook-runner';
import { SqlitePlaybookRunStore } from './runs/sqlite-playbook-run-store';
import { PlaybookTriggers } from './playbook-triggers';
import { PlaybooksStore } from './playbooks.store';

const JOB = 'playbook:nine';
const CRON = '0 0 9 * * *';

// The registry and the leader are stand-ins: this spec is about when schedules exist; the
// replicas e2e spec runs the real election and real calls.
describe('PlaybookTriggers: schedules follow leadership', () => {
  let dir: string;
  let store: PlaybooksStore;
  let runs: SqlitePlaybookRunStore;
  let scheduler: SchedulerRegistry;
  let leading: BehaviorSubject<boolean>;
  let triggers: PlaybookTriggers;
  let calls: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-triggers-'));
    const playbook = {
      name: 'Nine',
      enabled: true,
      trigger: { type: 'schedule', cron: CRON, timezone: 'Europe/Berlin' },
      steps: [{ tool: 'noop', args: {} }],
    };
    writeFileSync(join(dir, 'playbooks.json'), JSON.stringify({ playbooks: { nine: playbook } }));
    const config = { configDir: dir, dataDir: dir } as ConfigType<typeof patchbayConfig>;
    store = new PlaybooksStore(config);
    runs = new SqlitePlaybookRunStore(config);
    calls = 0;
    const registry = {
      execute: () => {
        calls++;
        return Promise.resolve({ run_id: `r${calls}`, is_error: false, duration_ms: 1 });
      },
    } as unknown as ToolRegistryService;
    leading = new BehaviorSubject(false);
    const leader = {
      isLeader: () => leading.value,
      changes: leading.asObservable(),
    } as unknown as LeaderService;
    scheduler = new SchedulerRegistry();
    triggers = new PlaybookTriggers(store, new PlaybookRunner(registry, runs), scheduler, leader);
    triggers.onApplicationBootstrap();
  });

  afterEach(() => {
    triggers.onModuleDestroy();
    runs.onModuleDestroy();
    store.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a follower starts no job yet shows when the schedule fires next', () => {
    expect(scheduler.doesExist('cron', JOB)).toBe(false);
    const expected = new CronTime(CRON, 'Europe/Berlin').sendAt().toUTC().toISO();
    expect(triggers.nextRunAt('nine')).toBe(expected);
  });

  it('starts the job on becoming the leader and stops it on stepping down', async () => {
    leading.next(true);
    expect(scheduler.doesExist('cron', JOB)).toBe(true);
    expect(triggers.nextRunAt('nine')).toBe(
      new CronTime(CRON, 'Europe/Berlin').sendAt().toUTC().toISO(),
    );
    await scheduler.getCronJob(JOB).fireOnTick();
    await waitFor(
      async () => (await runs.list('nine'))[0]?.outcome === 'succeeded',
      'the scheduled run',
    );
    expect(calls).toBe(1);
    expect((await runs.list('nine'))[0]).toMatchObject({
      trigger: 'schedule',
      outcome: 'succeeded',
    });

    const job = scheduler.getCronJob(JOB);
    leading.next(false);
    expect(scheduler.doesExist('cron', JOB)).toBe(false);
    expect(job.isActive).toBe(false);
  });

  it('a file edit on the leader rebuilds the jobs; on a follower it starts none', async () => {
    await store.remove('nine');
    leading.next(true);
    expect(scheduler.doesExist('cron', JOB)).toBe(false);
    await store.put('nine', {
      name: 'Nine',
      enabled: true,
      trigger: { type: 'schedule', cron: CRON },
      steps: [{ tool: 'noop', args: {} }],
    });
    expect(scheduler.doesExist('cron', JOB)).toBe(true);
    leading.next(false);
    await store.put('other', {
      name: 'Other',
      enabled: true,
      trigger: { type: 'schedule', cron: CRON },
      steps: [{ tool: 'noop', args: {} }],
    });
    expect(scheduler.getCronJobs().size).toBe(0);
  });

  it('server.status_changed starts playbooks on the leader only; tool runs start them anywhere', async () => {
    const onEvent = (event: 'server.status_changed' | 'tool_run.finished') => ({
      name: event,
      enabled: true,
      trigger: { type: 'event' as const, event },
      steps: [{ tool: 'noop', args: {} }],
    });
    await store.put('status', onEvent('server.status_changed'));
    await store.put('runs', onEvent('tool_run.finished'));
    const ran = async (id: string) => (await runs.list(id)).length;
    triggers.onPatchbayEvent({ type: 'server.status_changed' });
    triggers.onPatchbayEvent({ type: 'tool_run.finished' });
    await waitFor(async () => (await ran('runs')) === 1, 'the tool-run playbook on a follower');
    expect(await ran('status')).toBe(0);
    leading.next(true);
    triggers.onPatchbayEvent({ type: 'server.status_changed' });
    await waitFor(async () => (await ran('status')) === 1, 'the status playbook on the leader');
  });
});
