/** Tasks across replicas: started on one Patchbay process, read, answered and cancelled through others. */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio, faultServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

type Json = Record<string, unknown>;
const TASKS = '/api/v1/execution/tasks';
/** The fault server's long call: progress every 100 ms, cancellations counted. */
const SLEEP = (ms: number) => ({
  tool: 'mcp_tool',
  args: { server_id: 'fault', tool_name: 'sleep', args: { ms } },
});

/** Config folders made by configWith, removed after the spec. */
const configDirs: string[] = [];

function configWith(servers: Json): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-tasks-config-'));
  configDirs.push(dir);
  writeFileSync(join(dir, 'mcp_servers.json'), JSON.stringify({ mcp_servers: servers }));
  return dir;
}

/** What the fault server behind `replica` reports: its pid and the cancellations it saw. */
async function faultStats(replica: Replica): Promise<{ pid: number; cancelled: number }> {
  const res = await replica.http
    .post('/api/v1/execution/tools/mcp_tool/invoke')
    .send({ args: { server_id: 'fault', tool_name: 'stats', args: {} } })
    .expect(200);
  return res.body.structured_content as { pid: number; cancelled: number };
}

const task = async (replica: Replica, id: string): Promise<Json> =>
  (await replica.http.get(`${TASKS}/${id}`).expect(200)).body as Json;

describeWithDatabase('database mode: tasks through any replica (three processes)', () => {
  let db: TestDatabase;
  let a: Replica;
  let b: Replica;
  let c: Replica;
  const started: Replica[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const configDir = configWith({
      fault: faultServer('ok', { timeout_ms: 60_000 }),
      everything: everythingStdio(),
    });
    for (const id of ['a', 'b', 'c']) {
      started.push(await startReplica({ databaseUrl: db.url, id, configDir }));
    }
    [a, b, c] = started;
  });

  afterAll(async () => {
    await Promise.all(started.map((r) => r.stop()));
    await db?.drop();
    for (const dir of configDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a long task of A through B, cancels it through B, and the server sees the cancel', async () => {
    const before = (await faultStats(a)).cancelled;
    const created = await a.http.post(TASKS).send(SLEEP(60_000)).expect(202);
    const id = created.body.task_id as string;
    const first = await waitFor(async () => {
      const seen = await task(b, id);
      return seen.state === 'running' && seen.progress ? seen : null;
    }, 'progress on B');
    const step = (first.progress as { progress: number }).progress;
    await waitFor(
      async () => ((await task(b, id)).progress as { progress: number }).progress > step,
      'the progress to move on B',
    );

    const deleted = await b.http.delete(`${TASKS}/${id}`).expect(202);
    expect(deleted.body).toMatchObject({ task_id: id, tool: 'mcp_tool' });
    for (const replica of [a, b, c]) {
      const seen = await waitFor(async () => {
        const body = await task(replica, id);
        return body.state === 'cancelled' ? body : null;
      }, `the task to end cancelled on ${replica.id}`);
      expect(seen).toMatchObject({ result: null, error: { code: 'tool_cancelled' } });
    }
    await waitFor(
      async () => (await faultStats(a)).cancelled > before,
      'the server behind A to see notifications/cancelled',
    );
    const runs = await a.http.get('/api/v1/execution/runs').expect(200);
    expect((runs.body as Json[]).find((r) => r.outcome === 'tool_cancelled')).toMatchObject({
      caller: 'task',
      binding: { server_id: 'fault', tool_name: 'sleep' },
    });
  });

  it('shows a task finished on A, with its result, on C', async () => {
    const created = await a.http.post(TASKS).send(SLEEP(300)).expect(202);
    const id = created.body.task_id as string;
    const done = await waitFor(async () => {
      const body = await task(a, id);
      return body.state === 'succeeded' ? body : null;
    }, 'the task to succeed on A');
    expect(done.result).toMatchObject({ is_error: false, content: [{ text: 'slept 300' }] });
    expect(await task(c, id)).toEqual(done);
    // Finished tasks are left as they are, through any replica.
    const deleted = await c.http.delete(`${TASKS}/${id}`).expect(202);
    expect(deleted.body).toEqual(done);
    await c.http.get(`${TASKS}/no-such-task`).expect(404);
    await c.http.delete(`${TASKS}/no-such-task`).expect(404);
  });

  it("answers on B the question a server asks A's task", async () => {
    const created = await a.http
      .post(TASKS)
      .send({
        tool: 'mcp_tool',
        args: { server_id: 'everything', tool_name: 'trigger-elicitation-request', args: {} },
      })
      .expect(202);
    const id = created.body.task_id as string;
    const asked = await waitFor(async () => {
      const body = await task(b, id);
      return body.state === 'input_required' ? body : null;
    }, 'the question on B');
    expect(asked.input_request).toMatchObject({ requested_schema: { required: ['name'] } });
    const bad = await b.http.post(`${TASKS}/${id}/input`).send({ action: 'accept', content: {} });
    expect(bad.status).toBe(422);
    const answered = await b.http
      .post(`${TASKS}/${id}/input`)
      .send({ action: 'accept', content: { name: 'Ada from B' } })
      .expect(200);
    expect(answered.body).toMatchObject({ task_id: id, input_request: null });
    const done = await waitFor(async () => {
      const body = await task(c, id);
      return body.state === 'succeeded' ? body : null;
    }, 'the answered task to succeed');
    expect(JSON.stringify(done.result)).toContain('Name: Ada from B');
    await b.http.post(`${TASKS}/${id}/input`).send({ action: 'decline' }).expect(409);
  });

  it('shows a task whose replica was killed as failed, not running', async () => {
    const configDir = configWith({ fault: faultServer('ok', { timeout_ms: 60_000 }) });
    const doomed = await startReplica({ databaseUrl: db.url, id: 'doomed', configDir });
    const { pid } = await faultStats(doomed);
    try {
      const created = await doomed.http.post(TASKS).send(SLEEP(60_000)).expect(202);
      const id = created.body.task_id as string;
      expect((await task(b, id)).state).toBe('running');
      await doomed.kill();
      const lost = await waitFor(async () => {
        const body = await task(b, id);
        return body.state === 'failed' ? body : null;
      }, 'the task to read failed on B');
      expect(lost).toMatchObject({
        finished_at: expect.any(String),
        error: { code: 'tool_execution_failed', details: { owner_replica: 'doomed' } },
      });
      expect(await task(c, id)).toEqual(lost);
      // The helper removed the folder it made, and only that one.
      expect(existsSync(doomed.tempDir)).toBe(false);
      expect(readdirSync(configDir)).toEqual(['mcp_servers.json']);
    } finally {
      await doomed.kill();
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
