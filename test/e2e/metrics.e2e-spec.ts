import { faultServer } from '../helpers/fixtures';
import { parsePrometheus, Scrape } from '../helpers/prometheus';
import { startApp, TestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const TOKEN = 'metrics-test-token-0123456789';
const AUTH = `Bearer ${TOKEN}`;

describe('GET /metrics (real fixture servers over stdio)', () => {
  let t: TestApp;
  const scrape = async (): Promise<Scrape> => {
    const res = await t.http.get('/metrics').set('authorization', AUTH).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return parsePrometheus(res.text);
  };
  const invoke = (args: Record<string, unknown>, tool = 'mcp_tool', timeout_ms?: number) =>
    t.http
      .post(`/api/v1/execution/tools/${tool}/invoke`)
      .set('authorization', AUTH)
      .send({ args, ...(timeout_ms ? { timeout_ms } : {}) });
  const calls = (m: Scrape, tool: string, server_id: string, outcome: string) =>
    m.value('patchbay_tool_calls_total', { tool, server_id, outcome });
  const stateOf = (m: Scrape, server_id: string) =>
    m.find('patchbay_mcp_server_state', { server_id }).filter((s) => s.value === 1);

  beforeAll(async () => {
    t = await startApp({
      servers: { ok: faultServer('ok'), crash: faultServer('ok') },
      env: { PATCHBAY_API_TOKEN: TOKEN },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs the token when one is set, like the API', async () => {
    await t.http.get('/metrics').expect(401);
    await t.http.get('/METRICS/').expect(401);
    await t.http.get('//metrics').expect(401);
    await t.http.get('/metrics').set('accept', 'text/html').expect(401);
    const html = await t.http.get('/metrics').set('accept', 'text/html').set('authorization', AUTH);
    expect(html.text).toContain('# TYPE patchbay_tool_calls_total counter'); // not the UI page
  });

  it('declares every family, with the process and Node.js metrics', async () => {
    const m = await scrape();
    expect(m.types.get('patchbay_tool_calls_total')).toBe('counter');
    expect(m.types.get('patchbay_tool_call_duration_seconds')).toBe('histogram');
    expect(m.types.get('patchbay_mcp_server_state')).toBe('gauge');
    expect(m.types.get('patchbay_mcp_calls_in_flight')).toBe('gauge');
    expect(m.types.get('patchbay_mcp_reconnects_total')).toBe('counter');
    expect(m.types.get('patchbay_playbook_runs_total')).toBe('counter');
    expect(m.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.find('nodejs_heap_size_used_bytes')).toHaveLength(1);
    expect(stateOf(m, 'ok')).toHaveLength(1);
  });

  it('counts calls and times them by tool, server and outcome', async () => {
    const before = await scrape();
    await invoke({ server_id: 'ok', tool_name: 'echo', args: { message: 'hi' } }).expect(200);
    await invoke({ server_id: 'ok', tool_name: 'echo', args: { message: 'again' } }).expect(200);
    expect(stateOf(await scrape(), 'ok').map((s) => s.labels.state)).toEqual(['healthy']);
    await invoke({ server_id: 'ok', tool_name: 'hang', args: {} }, 'mcp_tool', 200).expect(504);
    const after = await scrape();
    expect(calls(after, 'mcp_tool', 'ok', 'ok') - calls(before, 'mcp_tool', 'ok', 'ok')).toBe(2);
    expect(calls(after, 'mcp_tool', 'ok', 'mcp_timeout')).toBe(1);
    const count = (m: Scrape) =>
      m.value('patchbay_tool_call_duration_seconds_count', { tool: 'mcp_tool', server_id: 'ok' });
    expect(count(after) - count(before)).toBe(3);
    const sum = after.value('patchbay_tool_call_duration_seconds_sum', {
      tool: 'mcp_tool',
      server_id: 'ok',
    });
    expect(sum).toBeGreaterThanOrEqual(0.2);
    // A timeout among recent calls marks the server degraded at once.
    expect(stateOf(after, 'ok').map((s) => s.labels.state)).toEqual(['degraded']);
  });

  it('counts playbook runs by playbook and outcome', async () => {
    const playbook = (message: unknown) => ({
      name: 'Echo',
      enabled: true,
      trigger: { type: 'webhook' },
      steps: [
        { tool: 'mcp_tool', args: { server_id: 'ok', tool_name: 'echo', args: { message } } },
      ],
    });
    const put = (id: string, body: object) =>
      t.http.put(`/api/v1/playbooks/${id}`).set('authorization', AUTH).send(body).expect(200);
    const run = (id: string) =>
      t.http.post(`/api/v1/playbooks/${id}/run`).set('authorization', AUTH).send({ event: {} });
    await put('echo-ok', playbook('hi'));
    await put('echo-bad', playbook(42)); // fails the echo tool's argument check
    const runs = (m: Scrape, playbook_id: string, outcome: string) =>
      m.value('patchbay_playbook_runs_total', { playbook_id, outcome });
    const before = await scrape();
    expect((await run('echo-ok').expect(200)).body.outcome).toBe('succeeded');
    expect((await run('echo-ok').expect(200)).body.outcome).toBe('succeeded');
    expect((await run('echo-bad').expect(200)).body.outcome).toBe('failed');
    await run('no-such-playbook_x').expect(404);
    const after = await scrape();
    expect(runs(after, 'echo-ok', 'succeeded') - runs(before, 'echo-ok', 'succeeded')).toBe(2);
    expect(runs(after, 'echo-bad', 'failed')).toBe(1);
    expect(runs(after, 'echo-ok', 'failed')).toBe(0);
    const ids = after.find('patchbay_playbook_runs_total').map((s) => s.labels.playbook_id);
    expect(ids.every((id) => ['echo-ok', 'echo-bad', '_unknown'].includes(id))).toBe(true);
  });

  it('never turns request input into a label', async () => {
    await invoke({}, 'no_such_tool_x').expect(404);
    await invoke({ server_id: 'ghost_x', tool_name: 'echo', args: {} }).expect(404);
    const m = await scrape();
    expect(calls(m, '_unknown', '_local', 'tool_not_found')).toBe(1);
    expect(calls(m, 'mcp_tool', '_unknown', 'server_not_found')).toBe(1);
    const labels = m.samples.flatMap((s) => Object.values(s.labels));
    expect(labels.some((v) => v.includes('_x'))).toBe(false);
  });

  it('shows calls in flight while they run', async () => {
    const pending = invoke({ server_id: 'ok', tool_name: 'hang', args: {} }, 'mcp_tool', 3_000);
    const done = pending.then((r) => r.status);
    await waitFor(
      async () => (await scrape()).value('patchbay_mcp_calls_in_flight', { server_id: 'ok' }) === 1,
      'one call in flight',
    );
    expect(await done).toBe(504);
    expect((await scrape()).value('patchbay_mcp_calls_in_flight', { server_id: 'ok' })).toBe(0);
  });

  it('counts a reconnect and follows the health state down and back', async () => {
    await invoke({ server_id: 'crash', tool_name: 'echo', args: { message: 'x' } }).expect(200);
    const before = await scrape();
    expect(before.value('patchbay_mcp_reconnects_total', { server_id: 'crash' })).toBe(0);
    await invoke({ server_id: 'crash', tool_name: 'crash', args: { code: 9 } }).expect(502);
    const down = await scrape();
    expect(stateOf(down, 'crash').map((s) => s.labels.state)).not.toEqual(['healthy']);
    await waitFor(
      async () =>
        (await scrape()).value('patchbay_mcp_reconnects_total', { server_id: 'crash' }) === 1,
      'one reconnect',
    );
    await t.http
      .post('/api/v1/integrations/mcp-servers/crash/health-check')
      .set('authorization', AUTH)
      .expect(200);
    expect(stateOf(await scrape(), 'crash').map((s) => s.labels.state)).toEqual(['healthy']);
  });
});
