import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMORY, TestApp, TestAppOptions, startApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const TOKEN = 'playbooks-e2e-token-0123456789';
const SECRET = 'whsec-0123456789abcdef';
const API = '/api/v1/playbooks';

type Run = {
  run_id: string;
  outcome: string;
  trigger: string;
  depth: number;
  steps: { tool: string; args: Record<string, unknown>; tool_run_id: string; outcome: string }[];
};

const memoryServer = (file: string) => ({
  name: 'Memory',
  transport: 'stdio',
  command: process.execPath,
  args: [MEMORY],
  env: { MEMORY_FILE_PATH: file },
  enabled: true,
});

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const createEntity = (name: unknown) => ({
  tool: 'mcp_tool',
  args: {
    server_id: 'memory',
    tool_name: 'create_entities',
    args: { entities: [{ name, entityType: 'event', observations: [] }] },
  },
});

describe('Playbooks (e2e, real MCP servers)', () => {
  let t: TestApp;
  let dir: string;
  let options: TestAppOptions;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const put = (id: string, body: object) => t.http.put(`${API}/${id}`).set(auth).send(body);
  const runs = async (id: string): Promise<Run[]> =>
    (await t.http.get(`${API}/${id}/runs`).set(auth).expect(200)).body as Run[];
  const finished = (id: string, count = 1) =>
    waitFor(
      async () => {
        const list = await runs(id);
        return list.length >= count && list.every((r) => r.outcome !== 'running') && list;
      },
      `${count} finished run(s) of ${id}`,
      15_000,
    );
  const hasEntity = async (name: string) => {
    const res = await t.http
      .post('/api/v1/execution/tools/mcp_tool/invoke')
      .set(auth)
      .send({ args: { server_id: 'memory', tool_name: 'open_nodes', args: { names: [name] } } })
      .expect(200);
    return JSON.stringify(res.body.content).includes(name);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-playbooks-'));
    options = {
      dir,
      servers: {
        memory: memoryServer(join(dir, 'memory.jsonl')),
        spare: memoryServer(join(dir, 'spare.jsonl')),
      },
      routes: { remember: { server_id: 'memory', tool_name: 'create_entities' } },
      env: { PATCHBAY_API_TOKEN: TOKEN },
    };
    t = await startApp(options);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a playbook with a broken template or cron, naming the field', async () => {
    const bad = {
      name: 'x',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [{ tool: 'mcp_tool', args: { server_id: '${event.' } }],
    };
    const res = await put('bad', bad).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields[0].field).toBe('steps[0].args.server_id');
    const cron = {
      ...bad,
      trigger: { type: 'schedule', cron: '* * *' },
      steps: [createEntity('a')],
    };
    const res2 = await put('bad', cron).expect(400);
    expect(res2.body.error.details.fields[0].field).toBe('trigger.cron');
    await t.http.get(`${API}/bad`).set(auth).expect(404);
  });

  it('a signed GitHub webhook runs create_entities with args from the body, once per delivery', async () => {
    const step = createEntity('${event.body.ref}');
    await put('on-push', {
      name: 'On push',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [step],
    }).expect(200);
    const body = JSON.stringify({ ref: 'refs/heads/main', pusher: { name: 'octo' } });
    // No secret yet: 401, nothing runs.
    await t.http
      .post('/hooks/on-push')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', sign(body))
      .send(body)
      .expect(401);
    await t.http.put(`${API}/on-push/webhook-secret`).set(auth).send({ value: SECRET }).expect(204);
    const shown = await t.http.get(`${API}/on-push`).set(auth).expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);
    expect(shown.body.webhook_secret_configured).toBe(true);

    const deliver = (signature: string, delivery = 'd-1') =>
      t.http
        .post('/hooks/on-push')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signature)
        .set('X-GitHub-Delivery', delivery)
        .send(body);
    await deliver(sign(body, 'wrong-secret-0123456789')).expect(401);
    await deliver('sha256=').expect(401);
    expect(await runs('on-push')).toEqual([]);

    const accepted = await deliver(sign(body)).expect(202);
    expect(typeof accepted.body.run_id).toBe('string');
    const [run] = await finished('on-push');
    expect(run).toMatchObject({
      run_id: accepted.body.run_id,
      trigger: 'webhook',
      outcome: 'succeeded',
    });
    expect(run.steps[0].args).toMatchObject({ args: { entities: [{ name: 'refs/heads/main' }] } });
    expect(await hasEntity('refs/heads/main')).toBe(true);

    const again = await deliver(sign(body)).expect(202);
    expect(again.body).toEqual({ run_id: accepted.body.run_id, redelivery: true });
    expect(await runs('on-push')).toHaveLength(1);
  });

  it('step 2 uses step 1 result, and a routed tool follows its route', async () => {
    const steps = [
      {
        tool: 'remember',
        args: { entities: [{ name: '${event.name}', entityType: 'x', observations: [] }] },
      },
      createEntity('after-${steps[0].result.run_id}'),
    ];
    await put('chain', {
      name: 'Chain',
      enabled: true,
      trigger: { type: 'webhook' },
      steps,
    }).expect(200);
    const res = await t.http
      .post(`${API}/chain/run`)
      .set(auth)
      .send({ event: { name: 'first' } })
      .expect(200);
    const run = res.body as Run;
    expect(run.outcome).toBe('succeeded');
    const first = run.steps[0].tool_run_id;
    expect(run.steps[1].args).toMatchObject({ args: { entities: [{ name: `after-${first}` }] } });
    expect(await hasEntity(`after-${first}`)).toBe(true);
    const log = await t.http.get('/api/v1/execution/runs').set(auth).expect(200);
    const entry = (log.body as { run_id: string }[]).find((r) => r.run_id === first);
    expect(entry).toMatchObject({
      tool: 'remember',
      caller: 'playbook',
      binding: { kind: 'mcp', server_id: 'memory', tool_name: 'create_entities' },
    });
  });

  it('a dry run renders every step and calls nothing', async () => {
    const res = await t.http
      .post(`${API}/chain/run`)
      .set(auth)
      .send({ event: { name: 'dry' }, dry_run: true })
      .expect(200);
    expect(res.body).toMatchObject({ dry_run: true, outcome: 'succeeded' });
    expect(res.body.steps[0]).toMatchObject({ outcome: 'dry_run', tool_run_id: null });
    expect(await hasEntity('dry')).toBe(false);
  });

  it('a 6-field schedule fires within two seconds and shows next_run_at', async () => {
    const schedule = { type: 'schedule', cron: '* * * * * *', timezone: 'Europe/Berlin' };
    await put('tick', {
      name: 'Tick',
      enabled: true,
      trigger: schedule,
      steps: [createEntity('tick-${event.type}')],
    }).expect(200);
    const view = await t.http.get(`${API}/tick`).set(auth).expect(200);
    expect(Date.parse(view.body.next_run_at)).toBeGreaterThan(Date.now() - 1000);
    const started = Date.now();
    await waitFor(async () => (await runs('tick')).length > 0, 'a scheduled run', 2_500, 100);
    expect(Date.now() - started).toBeLessThan(2_500);
    await put('tick', {
      ...view.body,
      id: undefined,
      last_run: undefined,
      next_run_at: undefined,
      hook_path: undefined,
      webhook_secret_configured: undefined,
      enabled: false,
    }).expect(200);
    const [run] = await finished('tick');
    expect(run).toMatchObject({ trigger: 'schedule', outcome: 'succeeded' });
  });

  it('disabling a server fires a server.status_changed playbook', async () => {
    const trigger = { type: 'event', event: 'server.status_changed' };
    const when = { $eval: "event.server_id == 'spare' && event.to == 'disabled'" };
    await put('on-status', {
      name: 'On status',
      enabled: true,
      trigger,
      when,
      steps: [createEntity('${event.server_id}-${event.to}')],
    }).expect(200);
    await t.http
      .patch('/api/v1/integrations/mcp-servers/spare')
      .set(auth)
      .send({ enabled: false })
      .expect(200);
    const [run] = await finished('on-status');
    expect(run).toMatchObject({ trigger: 'event', outcome: 'succeeded', depth: 1 });
    expect(await hasEntity('spare-disabled')).toBe(true);
  });

  it('a finished task fires a task.finished playbook with the contract payload', async () => {
    const trigger = { type: 'event', event: 'task.finished' };
    await put('on-task', {
      name: 'On task',
      enabled: true,
      trigger,
      steps: [createEntity('task-${event.tool}-${event.state}')],
    }).expect(200);
    const task = await t.http
      .post('/api/v1/execution/tasks')
      .set(auth)
      .send({ tool: 'mcp_tool', args: { server_id: 'memory', tool_name: 'read_graph', args: {} } })
      .expect(202);
    const [run] = await finished('on-task');
    expect(run).toMatchObject({ trigger: 'event', outcome: 'succeeded' });
    expect(await hasEntity('task-mcp_tool-succeeded')).toBe(true);
    expect(task.body.task_id).toEqual(expect.any(String));
    await put('on-task', {
      name: 'On task',
      enabled: false,
      trigger,
      steps: [createEntity('x')],
    }).expect(200);
  });

  it('a tool that is unavailable fails the run with the reason', async () => {
    const steps = [
      { tool: 'mcp_tool', args: { server_id: 'spare', tool_name: 'read_graph', args: {} } },
      createEntity('never'),
    ];
    await put('broken', {
      name: 'Broken',
      enabled: true,
      trigger: { type: 'webhook' },
      steps,
    }).expect(200);
    const res = await t.http.post(`${API}/broken/run`).set(auth).send({}).expect(200);
    expect(res.body.outcome).toBe('failed');
    expect(res.body.steps).toHaveLength(1); // on_error: stop
    expect(res.body.steps[0].error.code).toBe('server_disabled');
  });

  it('a playbook that triggers itself stops at depth 3', async () => {
    const trigger = { type: 'event', event: 'tool_run.finished' };
    const when = { $eval: "event.tool == 'remember' && event.caller != 'internal'" };
    await put('loop', {
      name: 'Loop',
      enabled: true,
      trigger,
      when,
      steps: [{ tool: 'remember', args: { entities: [] } }],
    }).expect(200);
    await t.http
      .post('/api/v1/execution/tools/remember/invoke')
      .set(auth)
      .send({ args: { entities: [] } })
      .expect(200);
    const list = await finished('loop', 3);
    // Run 3's own tool run was refused at depth 4 before run 3 finished: no fourth run.
    expect(list.map((r) => r.depth)).toEqual([3, 2, 1]);
    await put('loop', {
      name: 'Loop',
      enabled: false,
      trigger,
      when,
      steps: [{ tool: 'remember', args: { entities: [] } }],
    }).expect(200);
    expect(await runs('loop')).toHaveLength(3);
  });

  it('picks up a hand edit of config/playbooks.json and ignores an invalid one', async () => {
    const file = join(t.configDir, 'playbooks.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { playbooks: Record<string, object> };
    data.playbooks['by-hand'] = {
      name: 'By hand',
      enabled: false,
      trigger: { type: 'webhook' },
      steps: [createEntity('x')],
    };
    writeFileSync(file, JSON.stringify(data, null, 2));
    await waitFor(
      async () => (await t.http.get(`${API}/by-hand`).set(auth)).status === 200,
      'the hand edit',
    );
    writeFileSync(file, '{"playbooks": {"broken": {"name": 1}}}');
    await t.http.get(`${API}/by-hand`).set(auth).expect(200);
    await t.http.delete(`${API}/by-hand`).set(auth).expect(204);
    // The API wrote over the invalid edit from the last good state: every other playbook is kept.
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { playbooks: Record<string, object> };
    expect(Object.keys(kept.playbooks).sort()).toEqual([
      'broken',
      'chain',
      'loop',
      'on-push',
      'on-status',
      'on-task',
      'tick',
    ]);
  });

  it('a restart keeps playbooks and their runs', async () => {
    const before = await runs('on-push');
    await t.close();
    t = await startApp(options);
    const list = await t.http.get(API).set(auth).expect(200);
    const ids = (list.body as { id: string }[]).map((p) => p.id).sort();
    expect(ids).toEqual(['broken', 'chain', 'loop', 'on-push', 'on-status', 'on-task', 'tick']);
    expect(await runs('on-push')).toEqual(before);
    const onPush = (list.body as { id: string; last_run: Run }[]).find((p) => p.id === 'on-push');
    expect(onPush?.last_run.run_id).toBe(before[0].run_id);
  }, 60_000);
});
