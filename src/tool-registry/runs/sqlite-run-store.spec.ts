import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RunRecord } from './run-store';
import { SqliteRunStore } from './sqlite-run-store';

const run = (runId: string): RunRecord => ({
  run_id: runId,
  tool: 'deploy',
  binding: { kind: 'local' },
  caller: 'http',
  started_at: new Date().toISOString(),
  duration_ms: 3,
  outcome: 'ok',
  args: { service: 'api' },
});

const ids = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** The store's worker thread, to kill it as a crash would. */
const threadOf = (store: SqliteRunStore) =>
  (store as unknown as { thread: { worker: Worker } }).thread.worker;

describe('SqliteRunStore (writes on a worker thread)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-runs-thread-'));
    file = join(dir, 'runs.sqlite');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a read with every run appended before it, across batches', async () => {
    const store = new SqliteRunStore(file, 30);
    for (const id of ids(600)) store.append(run(id)); // more than two batches, none sent yet
    const runs = await store.query({ limit: 1000 });
    expect(runs).toHaveLength(600);
    expect(runs[0].run_id).toBe('r599');
    store.append(run('last'));
    expect((await store.get('last'))?.args).toEqual({ service: 'api' });
    await store.close();
  });

  it('writes the queue on a clean close, and a restart keeps the runs', async () => {
    const store = new SqliteRunStore(file, 30);
    for (const id of ids(300)) store.append(run(id));
    await store.close(); // no flush and no read before: close alone must write them
    await expect(store.flush()).resolves.toBeUndefined(); // a late flush has nothing to wait for
    const reopened = new SqliteRunStore(file, 30);
    const runs = await reopened.query({ limit: 1000 });
    expect(runs.map((r) => r.run_id).sort()).toEqual(ids(300).sort());
    await reopened.close();
  });

  it('restarts a crashed thread and writes the runs it had not written', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const store = new SqliteRunStore(file, 30);
    store.append(run('before'));
    await store.flush();
    await threadOf(store).terminate();
    store.append(run('during'));
    await store.flush().catch(() => undefined); // refused while the thread is down
    let runs: string[] = [];
    for (let i = 0; i < 100 && runs.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      runs = await store.query({ limit: 10 }).then(
        (list) => list.map((r) => r.run_id),
        () => [],
      );
    }
    expect(runs).toEqual(['during', 'before']);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('restarting'));
    await store.close();
  });
});
