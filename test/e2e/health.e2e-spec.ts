import { HealthCheckJob } from '../../src/health/health-check.job';
import { HealthStatusService } from '../../src/health/health-status.service';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { faultServer, tinyServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { BASE } from './health.support';

const STATUS_FIELDS = [
  'state',
  'checked_at',
  'latency_ms',
  'tool_count',
  'error',
  'consecutive_failures',
  'next_check_at',
];

describe('Health checks against real servers (e2e)', () => {
  let t: TestApp;
  let job: HealthCheckJob;
  let client: McpClientService;
  let health: HealthStatusService;
  const seen: { id: string; state: string }[] = [];
  const status = async (id: string) => (await t.http.get(`${BASE}/${id}`).expect(200)).body.status;

  beforeAll(async () => {
    t = await startApp({
      servers: {
        ok: faultServer('ok'),
        tiny: tinyServer('ok'),
        // Up, answers initialize and tools/list, never a ping.
        hung: tinyServer('hang-ping', { timeout_ms: 1500 }),
        // Never finishes the MCP handshake.
        hanginit: faultServer('hang-init', { timeout_ms: 1500 }),
        // Pings take 1.4 s: over half its timeout (1.25 s), so degraded, not unhealthy.
        slow: tinyServer('slow-ping', { timeout_ms: 2500 }, '1400'),
        creds: faultServer('ok', { credentials: [{ name: 'HEALTH_E2E_KEY', required: true }] }),
        off: tinyServer('ok', { enabled: false }),
        toggle: tinyServer('ok'),
      },
    });
    job = t.app.get(HealthCheckJob);
    client = t.app.get(McpClientService);
    health = t.app.get(HealthStatusService);
    health.changes.subscribe((id) => seen.push({ id, state: health.getStatus(id).state }));
  });

  afterAll(async () => {
    const pids = ['ok', 'tiny', 'hung', 'hanginit', 'slow', 'toggle']
      .map((id) => client?.connectionInfo(id).pid)
      .filter((p): p is number => typeof p === 'number');
    await t?.close();
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('shows unknown, with every status field, before the first check', async () => {
    const s = await status('ok');
    expect(Object.keys(s).sort()).toEqual([...STATUS_FIELDS].sort());
    expect(s).toMatchObject({ state: 'unknown', checked_at: null, consecutive_failures: 0 });
    expect(typeof s.next_check_at).toBe('string');
  });

  it('checks every server in one tick: healthy, hung ones unhealthy within their timeout', async () => {
    const started = Date.now();
    const ticking = job.tick();
    // While the first connect is in progress the state says so.
    expect((await status('hanginit')).state).toBe('connecting');
    const report = await ticking;
    const took = Date.now() - started;
    expect(report).toMatchObject({ skipped: false, checked: 6 });
    expect(report.gated).toBeGreaterThanOrEqual(2); // creds, off and the built-in (disabled) defaults
    // Checks run in parallel, each bounded by its own timeout: not a sum over servers.
    expect(took).toBeLessThan(8_000);
    for (const id of ['ok', 'tiny']) {
      const s = await status(id);
      expect(s).toMatchObject({ state: 'healthy', error: null, consecutive_failures: 0 });
      expect(s.latency_ms).toBeGreaterThanOrEqual(0);
      expect(s.tool_count).toBeGreaterThan(0);
      expect(Date.parse(s.checked_at)).toBeGreaterThanOrEqual(started);
    }
    expect((await status('tiny')).tool_count).toBe(2);
    for (const id of ['hung', 'hanginit']) {
      const s = await status(id);
      expect(s).toMatchObject({ state: 'unhealthy', consecutive_failures: 1, latency_ms: null });
      expect(typeof s.error).toBe('string');
    }
    const hung = await status('hung');
    expect(hung.error).toMatch(/in time|within 1500 ms/i);
    // Marked within its 1.5 s timeout (plus spawn), while the slow server was still answering.
    expect(Date.parse(hung.checked_at) - started).toBeLessThan(2_500);
    const slow = await status('slow');
    expect(slow.state).toBe('degraded');
    expect(slow.error).toMatch(/slow/i);
  });

  it('counts real calls at once: an unhealthy server that answers a call is healthy', async () => {
    expect((await status('hung')).state).toBe('unhealthy');
    // It never answers pings, but it does answer tool calls.
    const result = await client.callTool('hung', 'echo', { text: 'hi' });
    expect(result.isError).toBeFalsy();
    expect(await status('hung')).toMatchObject({ state: 'healthy', consecutive_failures: 0 });
    await t.http.post(`${BASE}/hung/health-check`).expect(200);
    expect((await status('hung')).state).toBe('unhealthy');
  });

  it('reports needs_credentials and disabled without starting a process', async () => {
    const creds = await status('creds');
    expect(creds).toMatchObject({ state: 'needs_credentials', consecutive_failures: 0 });
    expect(creds.error).toContain('HEALTH_E2E_KEY');
    expect((await status('off')).state).toBe('disabled');
    for (const id of ['creds', 'off']) {
      expect(client.connectionInfo(id)).toMatchObject({ state: 'idle', pid: null });
    }
  });

  it('checks now through the POST route, and records it in the history', async () => {
    const res = await t.http.post(`${BASE}/tiny/health-check`).expect(200);
    expect(Object.keys(res.body).sort()).toEqual([...STATUS_FIELDS].sort());
    expect(res.body.state).toBe('healthy');
    const history = (await t.http.get(`${BASE}/tiny/health-history`).expect(200)).body;
    expect(history.map((h: { source: string }) => h.source).slice(0, 2)).toEqual([
      'manual',
      'scheduled',
    ]);
    expect(history[0]).toMatchObject({ state: 'healthy', tool_count: 2 });
    await t.http.post(`${BASE}/nope/health-check`).expect(404);
    await t.http.get(`${BASE}/nope/health-history`).expect(404);
    const creds = await t.http.post(`${BASE}/creds/health-check`).expect(200);
    expect(creds.body.state).toBe('needs_credentials');
  });

  it('turns unhealthy when the process is killed, then healthy again once it recovers', async () => {
    const pid = client.connectionInfo('ok').pid;
    expect(typeof pid).toBe('number');
    const from = seen.length;
    process.kill(pid as number, 'SIGKILL');
    const sawUnhealthy = () =>
      seen.slice(from).some((e) => e.id === 'ok' && e.state === 'unhealthy');
    // The lost connection marks it at once; a tick would also find it.
    await waitFor(
      async () => sawUnhealthy() || ((await job.tick()) && sawUnhealthy()),
      'unhealthy',
    );
    const recovered = await waitFor(async () => {
      const s = await t.http.post(`${BASE}/ok/health-check`).expect(200);
      return s.body.state === 'healthy' && s.body;
    }, 'healthy again');
    expect(recovered.consecutive_failures).toBe(0);
    const newPid = client.connectionInfo('ok').pid;
    expect(newPid).not.toBe(pid);
    expect(alive(pid as number)).toBe(false);
  });

  it('shows disabled right after PATCH, stops the process, and unknown after re-enabling', async () => {
    await t.http.post(`${BASE}/toggle/health-check`).expect(200);
    const pid = client.connectionInfo('toggle').pid as number;
    expect(alive(pid)).toBe(true);
    const res = await t.http.patch(`${BASE}/toggle`).send({ enabled: false }).expect(200);
    expect(res.body.status).toMatchObject({ state: 'disabled', consecutive_failures: 0 });
    expect(seen.some((e) => e.id === 'toggle' && e.state === 'disabled')).toBe(true);
    await waitFor(() => !alive(pid), 'the disabled server to stop');
    await job.tick();
    expect(client.connectionInfo('toggle').pid).toBeNull();
    const back = await t.http.patch(`${BASE}/toggle`).send({ enabled: true }).expect(200);
    expect(['unknown', 'connecting', 'healthy']).toContain(back.body.status.state);
  });

  it('GET /api/v1/health counts servers by state', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.servers.total).toBeGreaterThanOrEqual(8);
    const counts = res.body.servers.by_state as Record<string, number>;
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(res.body.servers.total);
    expect(counts.needs_credentials).toBeGreaterThanOrEqual(1);
    expect(counts.unhealthy).toBe(2); // hung, hanginit
    expect(res.headers['cache-control']).toMatch(/no-cache/);
  });
});

describe('GET /api/v1/health with a token set (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ env: { PATCHBAY_API_TOKEN: 'health-e2e-token-0123456789' } });
  });
  afterAll(() => t?.close());

  it('stays public while other routes need the token', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', servers: { total: expect.any(Number) } });
    expect(typeof res.body.servers.by_state).toBe('object');
    await t.http.get(BASE).expect(401);
    await t.http.post(`${BASE}/github/health-check`).expect(401);
  });
});
