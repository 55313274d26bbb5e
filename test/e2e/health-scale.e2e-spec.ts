import { HealthCheckJob } from '../../src/health/health-check.job';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { tinyServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';

const COUNT = 100;
const CONCURRENCY = 16;
const ids = Array.from({ length: COUNT }, (_, i) => `tiny-${String(i).padStart(3, '0')}`);

describe(`${COUNT} configured servers checked in one tick (e2e)`, () => {
  let t: TestApp;
  let client: McpClientService;
  let job: HealthCheckJob;

  beforeAll(async () => {
    t = await startApp({
      servers: Object.fromEntries(ids.map((id) => [id, tinyServer('ok', { timeout_ms: 10_000 })])),
      env: { PATCHBAY_HEALTH_CONCURRENCY: String(CONCURRENCY) },
    });
    client = t.app.get(McpClientService);
    job = t.app.get(HealthCheckJob);
  });

  afterAll(async () => {
    const pids = ids.map((id) => client?.connectionInfo(id).pid).filter((p) => p != null);
    await t?.close();
    for (const pid of pids) if (alive(pid as number)) process.kill(pid as number, 'SIGKILL');
  });

  it('checks all of them within the concurrency limit, then again without a new process', async () => {
    const first = await job.tick();
    expect(first).toMatchObject({ skipped: false, checked: COUNT, maxInFlight: CONCURRENCY });
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.servers.by_state.healthy).toBe(COUNT);
    const pids = ids.map((id) => client.connectionInfo(id).pid);
    expect(new Set(pids).size).toBe(COUNT);

    const second = await job.tick();
    expect(second).toMatchObject({ skipped: false, checked: COUNT });
    // Pooled connections: the second round only pings, and spawns nothing.
    expect(ids.map((id) => client.connectionInfo(id).pid)).toEqual(pids);
    expect(second.durationMs).toBeLessThan(first.durationMs);
    // Reported for the record (the 2-core machine is shared with other suites).
    process.stdout.write(
      `health-scale: first tick ${first.durationMs} ms (spawns), second ${second.durationMs} ms\n`,
    );
  });
});
