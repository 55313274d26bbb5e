import { EventEmitter2 } from '@nestjs/event-emitter';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAYBOOK_RUN_FINISHED, PlaybookRunFinishedEvent } from '../common/events';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { Playbook, PlaybookRun } from './playbook.types';
import { MAX_DEPTH, MAX_QUEUED_RUNS, PlaybookRunner } from './playbook-runner';
import { SqlitePlaybookRunStore } from './runs/sqlite-playbook-run-store';

// The registry is a stand-in here: this spec is about queueing, not wiring (see the e2e spec).
describe('PlaybookRunner', () => {
  let dir: string;
  let store: SqlitePlaybookRunStore;
  let release: (() => void)[];
  let calls: number;
  let runner: PlaybookRunner;
  let registry: ToolRegistryService;
  const playbook: Playbook = {
    name: 'p',
    enabled: true,
    trigger: { type: 'webhook' },
    steps: [{ tool: 'slow', args: {} }],
  };
  const req = { trigger: 'webhook' as const, event: {}, depth: 1 };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-runner-'));
    store = new SqlitePlaybookRunStore({ dataDir: dir });
    release = [];
    calls = 0;
    registry = {
      execute: () => {
        calls++;
        return new Promise((resolve) =>
          release.push(() => resolve({ run_id: `r${calls}`, is_error: false, duration_ms: 1 })),
        );
      },
    } as unknown as ToolRegistryService;
    runner = new PlaybookRunner(registry, store);
  });

  afterEach(() => {
    store.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one at a time by default, queues a bounded number and skips the overflow', async () => {
    const pending: Promise<PlaybookRun | null>[] = [];
    for (let i = 0; i < MAX_QUEUED_RUNS + 3; i++) pending.push(runner.run('p', playbook, req));
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
    const skipped = await Promise.all(pending.slice(MAX_QUEUED_RUNS + 1));
    expect(skipped.map((r) => r?.outcome)).toEqual(['skipped', 'skipped']);
    while (calls <= MAX_QUEUED_RUNS) {
      const before = calls;
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
      expect(calls).toBe(before + 1);
    }
    release.shift()?.();
    const done = await Promise.all(pending.slice(0, MAX_QUEUED_RUNS + 1));
    expect(done.every((r) => r?.outcome === 'succeeded')).toBe(true);
    expect(await store.list('p')).toHaveLength(MAX_QUEUED_RUNS + 3);
  });

  it('does not start a run nested deeper than the limit', async () => {
    expect(await runner.run('p', playbook, { ...req, depth: MAX_DEPTH + 1 })).toBeNull();
    expect(calls).toBe(0);
  });

  it('marks a run left running by a stopped process as failed', async () => {
    const going = runner.run('p', playbook, req);
    await new Promise((r) => setImmediate(r));
    store.onModuleDestroy();
    const reopened = new SqlitePlaybookRunStore({ dataDir: dir });
    expect((await reopened.list('p'))[0]).toMatchObject({ outcome: 'failed' });
    reopened.onModuleDestroy();
    release.shift()?.();
    await going;
    store = new SqlitePlaybookRunStore({ dataDir: dir });
  });

  it('announces every finished run as playbook_run.finished, but not a dry run', async () => {
    const events = new EventEmitter2();
    const seen: PlaybookRunFinishedEvent[] = [];
    events.on(PLAYBOOK_RUN_FINISHED, (e: PlaybookRunFinishedEvent) => seen.push(e));
    const announcing = new PlaybookRunner(registry, store, events);
    const manual = { ...req, trigger: 'manual' as const };
    const going = announcing.run('p', playbook, manual);
    await new Promise((r) => setImmediate(r));
    release.shift()?.();
    const done = await going;
    await announcing.run('p', { ...playbook, when: false }, manual);
    await announcing.run('p', playbook, { ...manual, dryRun: true });
    expect(seen.map((e) => [e.playbook_id, e.outcome, e.trigger])).toEqual([
      ['p', 'succeeded', 'manual'],
      ['p', 'skipped', 'manual'],
    ]);
    expect(seen[0]).toMatchObject({ type: PLAYBOOK_RUN_FINISHED, run_id: done?.run_id });
  });
});
