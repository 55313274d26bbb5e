import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { describeWithDatabase, useMigratedDatabase } from '../../../test/helpers/test-database';
import { processRedactor } from '../../common/redact';
import { PgRunStore } from './pg-run-store';
import { RunRecord } from './run-store';
import { waitFor } from '../../../test/helpers/wait';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  run_id: 'r1',
  tool: 'deploy',
  binding: { kind: 'local' },
  caller: 'http',
  started_at: new Date().toISOString(),
  duration_ms: 3,
  outcome: 'ok',
  args: { service: 'api' },
  ...over,
});

describeWithDatabase('PgRunStore (PostgreSQL)', () => {
  const pg = useMigratedDatabase();
  const replica = (id: string) => {
    const db = pg.replica(id, { max: 2 });
    return { db, store: new PgRunStore(db, 30) };
  };

  beforeAll(() => Logger.overrideLogger(['error']));

  it('reads the runs of every replica newest first, with filters and paging across them', async () => {
    const a = replica('a').store;
    const b = replica('b').store;
    for (let i = 0; i < 30; i++) {
      const failed = i % 3 === 0;
      (i % 2 ? a : b).append(
        run({
          run_id: `r${i}`,
          tool: failed ? 'mcp_tool' : 'deploy',
          binding: failed ? { kind: 'mcp', server_id: 'everything', tool_name: 'echo' } : null,
          outcome: failed ? 'mcp_timeout' : 'ok',
          caller: i < 15 ? 'http' : 'task',
          started_at: at(i),
        }),
      );
    }
    await b.flush(); // b's runs are written; a's are still queued until a reads
    const all = await a.query({ limit: 100 });
    expect(all.map((r) => r.run_id)).toEqual(Array.from({ length: 30 }, (_, i) => `r${29 - i}`));
    expect(all.map((r) => r.replica_id).slice(0, 2)).toEqual(['a', 'b']);
    expect(await b.query({ server_id: 'everything', limit: 100 })).toHaveLength(10);
    expect(await b.query({ outcome: 'mcp_timeout', caller: 'task', limit: 100 })).toHaveLength(5);
    expect(await b.query({ tool: 'deploy', limit: 500 })).toHaveLength(20);
    const window = await b.query({ since: at(10), until: at(12), limit: 100 });
    expect(window.map((r) => r.run_id)).toEqual(['r12', 'r11', 'r10']);
    const first = await b.query({ limit: 7 });
    const second = await a.query({ limit: 7, before: first[6].run_id });
    expect([...first, ...second].map((r) => r.run_id)).toEqual(
      all.slice(0, 14).map((r) => r.run_id),
    );
    await expect(a.query({ limit: 7, before: 'nope' })).rejects.toThrow(/before/);
    expect(await b.get('r3')).toMatchObject({
      run_id: 'r3',
      replica_id: 'a',
      server_id: 'everything',
      binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
      error: null,
    });
    expect(await b.get('missing')).toBeNull();
  });

  it('orders runs of the same millisecond as their replica appended them', async () => {
    const { store } = replica('a');
    const started = at(5);
    for (let i = 0; i < 5; i++) store.append(run({ run_id: `s${i}`, started_at: started }));
    const runs = await store.query({ limit: 3 });
    expect(runs.map((r) => r.run_id)).toEqual(['s4', 's3', 's2']);
    const next = await store.query({ limit: 3, before: 's2' });
    expect(next.map((r) => r.run_id)).toEqual(['s1', 's0']);
  });

  it('writes a queue in batches of 200 rows, one INSERT each', async () => {
    const { db, store } = replica('a');
    const sent: string[] = [];
    const query = db.query.bind(db);
    jest.spyOn(db, 'query').mockImplementation((text, values) => {
      sent.push(text);
      return query(text, values);
    });
    for (let i = 0; i < 450; i++) store.append(run({ run_id: `b${i}` }));
    expect(await store.query({ limit: 500 })).toHaveLength(450);
    expect(sent.filter((text) => text.includes('INSERT'))).toHaveLength(3);
  });

  it('flushes its queue on module destroy and masks known secrets in what it writes', async () => {
    const { store } = replica('a');
    processRedactor.add('canary-pg-runs-value');
    try {
      const failure = { code: 'mcp_timeout', message: 'echo canary-pg-runs-value timed out' };
      store.append(run({ args: { note: 'canary-pg-runs-value' }, error: failure }));
      store.append(run({ run_id: 'nul', tool: 'bad\0name' }));
      await store.onModuleDestroy();
    } finally {
      processRedactor.remove('canary-pg-runs-value');
    }
    const rows = await pg.db.query<Record<string, string>>(
      'SELECT run_id, replica_id, tool, args, error FROM patchbay_runs ORDER BY seq',
    );
    expect(rows.map((r) => [r.run_id, r.replica_id, r.tool])).toEqual([
      ['r1', 'a', 'deploy'],
      ['nul', 'a', 'bad\uFFFDname'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('canary-pg-runs-value');
  });

  it('keeps a batch the database could not take and writes it on the next flush', async () => {
    const { store } = replica('a');
    await pg.db.query('ALTER TABLE patchbay_runs RENAME TO patchbay_runs_away');
    store.append(run({ run_id: 'kept' }));
    await store.flush();
    await pg.db.query('ALTER TABLE patchbay_runs_away RENAME TO patchbay_runs');
    expect(await pg.db.query('SELECT run_id FROM patchbay_runs')).toEqual([]);
    expect((await store.query({ limit: 10 })).map((r) => r.run_id)).toEqual(['kept']);
  });

  it('keeps one batch in flight while the database hangs, and at most maxPending runs queued', async () => {
    const { db } = replica('a');
    const store = new PgRunStore(db, 30, { maxPending: 5 });
    const inserts = jest.spyOn(db, 'query');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const logged: string[] = [];
    warnings.mockImplementation((message) => void logged.push(String(message)));
    const locker = new Client({ connectionString: pg.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE patchbay_runs IN ACCESS EXCLUSIVE MODE');
      store.append(run({ run_id: 'first' }));
      const stuck = store.flush();
      await waitFor(
        async () =>
          (
            await pg.db.query(
              "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO patchbay_runs%'",
            )
          ).length === 1,
        'the INSERT to wait for the lock',
      );
      for (let i = 0; i < 20; i++) {
        store.append(run({ run_id: `q${i}` }));
        void store.flush();
      }
      const sent = inserts.mock.calls.filter(([text]) => text.includes('INSERT'));
      expect(sent).toHaveLength(1);
      await locker.query('COMMIT');
      await stuck;
    } finally {
      await locker.end();
      warnings.mockRestore();
    }
    const rows = await pg.db.query<{ run_id: string }>(
      'SELECT run_id FROM patchbay_runs ORDER BY seq',
    );
    expect(rows.map((r) => r.run_id)).toEqual(['first', 'q15', 'q16', 'q17', 'q18', 'q19']);
    expect(logged).toContain('dropped 15 runs the database could not take in time');
  });

  it('deletes runs past retention, whichever replica wrote them', async () => {
    const a = replica('a').store;
    const b = replica('b').store;
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
    a.append(run({ run_id: 'old-a', started_at: old }));
    b.append(run({ run_id: 'old-b', started_at: old }));
    b.append(run({ run_id: 'fresh' }));
    await Promise.all([a.flush(), b.flush()]);
    expect(await a.prune()).toBe(2);
    expect(await b.prune()).toBe(0);
    expect((await b.query({ limit: 10 })).map((r) => r.run_id)).toEqual(['fresh']);
  });
});
