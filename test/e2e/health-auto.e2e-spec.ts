import { startApp, TestApp, everythingStdio } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const SERVER = '/api/v1/integrations/mcp-servers/demo';

/** Polls until the server is in `state` and, when healthy, a check has counted its tools. */
async function stateBecomes(
  t: TestApp,
  state: string,
  since = 0,
  ms = 15_000,
): Promise<Record<string, unknown>> {
  let last = 'unknown';
  return waitFor(
    async () => {
      const status = (await t.http.get(SERVER).expect(200)).body.status;
      last = status.state;
      const counted = state !== 'healthy' || status.tool_count !== null;
      const fresh = Date.parse(status.checked_at ?? '0') >= since;
      return status.state === state && counted && fresh && status;
    },
    () => `${state} (state stayed ${last})`,
    ms,
  );
}

describe('health checks without being asked (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      servers: { demo: everythingStdio() },
      env: { PATCHBAY_HEALTH_FIRST_CHECK_MS: '100' },
    });
  });
  afterAll(() => t.close());

  it('checks every enabled server soon after start-up, and says so in /health', async () => {
    const status = await stateBecomes(t, 'healthy');
    expect(status).toMatchObject({ tool_count: expect.any(Number), consecutive_failures: 0 });
    const health = (await t.http.get('/api/v1/health').expect(200)).body;
    expect(health.checks).toMatchObject({ interval_ms: 3600000, last_sweep_checked: 1 });
    expect(Date.parse(health.checks.last_sweep_at)).not.toBeNaN();
  });

  it('checks a server again shortly after it is re-enabled', async () => {
    await t.http.patch(SERVER).send({ enabled: false }).expect(200);
    await stateBecomes(t, 'disabled');
    const enabledAt = Date.now();
    await t.http.patch(SERVER).send({ enabled: true }).expect(200);
    // Only a new check (not the connection event alone) sets checked_at past the PATCH.
    const status = await stateBecomes(t, 'healthy', enabledAt);
    expect(status.consecutive_failures).toBe(0);
  });
});
