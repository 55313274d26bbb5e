import { Pool } from 'pg';
import { processRedactor } from '../../common/redact';
import { Database } from '../../database/database';
import { migrate } from '../../database/migrate';
import {
  PgActivityLiveness,
  applicationName,
  withApplicationName,
} from '../../database/replica-liveness';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
} from '../../../test/helpers/test-database';
import { TASK_TTL_MS } from '../task.service';
import { PgTaskTable } from './pg-task-table';
import { TaskMirror } from './task-mirror';
import { TaskView } from './task-view';
import { waitFor } from '../../../test/helpers/wait';

const view = (id: string, extra: Partial<TaskView> = {}): TaskView => ({
  task_id: id,
  tool: 'mcp_tool',
  state: 'running',
  progress: null,
  input_request: null,
  result: null,
  error: null,
  created_at: new Date().toISOString(),
  finished_at: null,
  ...extra,
});

describeWithDatabase('PgTaskTable, TaskMirror and replica liveness (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let table: PgTaskTable;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrate(testDb.url);
    const url = withApplicationName(testDb.url, 'replica-a');
    db = new Database(new Pool({ connectionString: url }), url, 'replica-a');
    await db.listening();
    table = new PgTaskTable(db);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('stores a view and reads it back as it was written', async () => {
    const task = view('t-read', {
      state: 'succeeded',
      progress: { progress: 3, total: 3, message: null },
      result: {
        tool: 'mcp_tool',
        binding: { kind: 'local' },
        is_error: false,
        content: [{ type: 'text', text: 'done' }],
        structured_content: null,
        duration_ms: 12,
        run_id: 'run-1',
      },
      finished_at: new Date().toISOString(),
    });
    await table.insert(task);
    expect(await table.get('t-read')).toEqual({
      view: task,
      owner: 'replica-a',
      cancelRequested: false,
      inputAnswer: null,
    });
    // Byte for byte, keys in the owner's order (json columns, not jsonb).
    const stored = (await table.get('t-read'))?.view;
    expect(JSON.stringify(stored)).toBe(JSON.stringify(task));
    expect(await table.get('t-none')).toBeNull();
  });

  it('masks secret values the process knows in every JSON column it writes', async () => {
    const secret = `task-secret-${Date.now()}`;
    processRedactor.add(secret);
    try {
      const said = { type: 'text' as const, text: `the token is ${secret}` };
      await table.insert(view('t-mask', { progress: { progress: 1, total: 2, message: secret } }));
      await table.write(
        view('t-mask', {
          state: 'input_required',
          progress: { progress: 1, total: 2, message: secret },
          input_request: { message: `answer ${secret}`, requested_schema: {} },
        }),
      );
      expect(
        await table.putAnswer('t-mask', { action: 'accept', content: { token: secret } }),
      ).toBe(true);
      const answered = await testDb.query('SELECT * FROM patchbay_tasks WHERE task_id = $1', [
        't-mask',
      ]);
      await table.write(
        view('t-mask', {
          state: 'failed',
          finished_at: new Date().toISOString(),
          result: {
            tool: 'mcp_tool',
            binding: { kind: 'local' },
            is_error: true,
            content: [said],
            structured_content: null,
            duration_ms: 1,
            run_id: 'run-mask',
          },
          error: { code: 'tool_failed', message: `failed with ${secret}` },
        }),
      );
      const finished = await testDb.query('SELECT * FROM patchbay_tasks WHERE task_id = $1', [
        't-mask',
      ]);
      const text = JSON.stringify([answered, finished]);
      expect(text).toContain('[redacted]');
      expect(text).not.toContain(secret);
    } finally {
      processRedactor.remove(secret);
    }
  });

  it('refuses to write a view its reader would refuse (the write rule)', async () => {
    const bad = { ...view('t-bad'), state: 'sleeping' } as unknown as TaskView;
    await expect(table.insert(bad)).rejects.toThrow(/unknown state/);
    expect(await table.get('t-bad')).toBeNull();
  });

  it('takes a cancel request and an answer only while the task can use them', async () => {
    await table.insert(view('t-ask', { state: 'input_required' }));
    await table.write(
      view('t-ask', {
        state: 'input_required',
        input_request: { message: 'Name?', requested_schema: { type: 'object' } },
      }),
    );
    expect(await table.putAnswer('t-ask', { action: 'decline' })).toBe(true);
    expect(await table.putAnswer('t-ask', { action: 'cancel' })).toBe(false); // one at a time
    expect(await table.requestCancel('t-ask')).toBe(true);
    const requested = await table.requested();
    expect(requested.map((t) => t.view.task_id)).toEqual(['t-ask']);
    expect(requested[0]).toMatchObject({
      cancelRequested: true,
      inputAnswer: { action: 'decline' },
    });
    await table.clearAnswer('t-ask');
    expect((await table.get('t-ask'))?.inputAnswer).toBeNull();

    await table.insert(view('t-done', { state: 'failed', finished_at: new Date().toISOString() }));
    expect(await table.requestCancel('t-done')).toBe(false);
    expect(await table.putAnswer('t-done', { action: 'decline' })).toBe(false);
  });

  it('marks what an earlier process with the same replica id left unfinished failed', async () => {
    const ghost = withApplicationName(testDb.url, 'ghost');
    const open = () => new Database(new Pool({ connectionString: ghost }), ghost, 'ghost');
    const before = open();
    const earlier = new PgTaskTable(before);
    await earlier.insert(view('g-run'));
    const done = view('g-done', { state: 'succeeded', finished_at: new Date().toISOString() });
    await earlier.insert(done);
    await before.close(); // the process dies with its task running
    const after = open();
    try {
      await new TaskMirror(new PgTaskTable(after)).onModuleInit(); // the new process starts
    } finally {
      await after.close();
    }
    expect((await table.get('g-run'))?.view).toMatchObject({
      state: 'failed',
      finished_at: expect.any(String),
      error: {
        code: 'tool_execution_failed',
        details: { owner_replica: 'ghost', task_id: 'g-run' },
      },
    });
    expect((await table.get('g-done'))?.view).toEqual(done);
  });

  it('writes the latest progress and every state change, in order', async () => {
    const mirror = new TaskMirror(table);
    const task = view('t-progress');
    await mirror.created(task);
    for (let i = 1; i <= 50; i++) {
      task.progress = { progress: i, total: 50, message: null };
      mirror.changed(task, false);
    }
    await mirror.settled('t-progress');
    expect((await table.get('t-progress'))?.view.progress).toEqual({
      progress: 50,
      total: 50,
      message: null,
    });
    Object.assign(task, { state: 'cancelled', finished_at: new Date().toISOString() });
    mirror.changed(task, true);
    const stored = await waitFor(async () => {
      const row = await table.get('t-progress');
      return row?.view.state === 'cancelled' ? row : null;
    }, 'the final state in the row');
    expect(stored.view).toEqual(task);
  });

  it('sweeps rows of tasks finished more than an hour ago', async () => {
    const old = new Date(Date.now() - TASK_TTL_MS - 60_000).toISOString();
    await table.insert(view('t-old', { state: 'succeeded', finished_at: old }));
    await table.insert(
      view('t-recent', { state: 'succeeded', finished_at: new Date().toISOString() }),
    );
    expect(await table.sweep(TASK_TTL_MS)).toBeGreaterThanOrEqual(1);
    expect(await table.get('t-old')).toBeNull();
    expect(await table.get('t-recent')).not.toBeNull();
  });

  it('tells a live replica from one that has no connection', async () => {
    const liveness = new PgActivityLiveness(db);
    expect(await liveness.isAlive('replica-a')).toBe(true);
    expect(await liveness.isAlive('replica-nobody')).toBe(false);
    const long = `pod-${'x'.repeat(80)}`;
    expect(applicationName(long).length).toBeLessThanOrEqual(63);
    expect(applicationName(long)).not.toBe(applicationName(`${long}y`));
  });
});
