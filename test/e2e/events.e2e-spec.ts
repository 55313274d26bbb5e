import { HealthCheckJob } from '../../src/health/health-check.job';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { tinyServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { BASE, SseFrame, SseStream, openSse } from './health.support';

const serverFrame = (id: string, test: (body: ServerBody) => boolean) => (f: SseFrame) => {
  if (f.event !== 'server') return false;
  const body = JSON.parse(f.data) as ServerBody;
  return body.id === id && test(body);
};

interface ServerBody {
  id: string;
  enabled: boolean;
  credentials: { name: string; configured: boolean }[];
  status: { state: string; tool_count: number | null };
}

describe('GET /api/v1/integrations/events (e2e)', () => {
  let t: TestApp;
  let stream: SseStream;

  beforeAll(async () => {
    t = await startApp({
      servers: {
        live: tinyServer('ok'),
        keyed: tinyServer('ok', { credentials: [{ name: 'EVENTS_E2E_KEY', required: true }] }),
      },
    });
    stream = await openSse(`${t.url}/api/v1/integrations/events`);
  });

  afterAll(async () => {
    stream?.close();
    const pid = t?.app.get(McpClientService).connectionInfo('live').pid;
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('answers an open text/event-stream', async () => {
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.response.headers['cache-control']).toMatch(/no-cache/);
    expect(stream.comments).toContain('connected');
  });

  it('sends the whole server object when a scheduled check changes its status', async () => {
    const from = stream.frames.length;
    await t.app.get(HealthCheckJob).tick();
    const frame = await stream.next(
      // A `connected` event may mark it healthy first; the finished check adds the tools.
      serverFrame('live', (b) => b.status.state === 'healthy' && b.status.tool_count === 2),
      'a healthy frame with its tool count',
      from,
    );
    const body = JSON.parse(frame.data) as ServerBody & Record<string, unknown>;
    expect(body).toMatchObject({ id: 'live', enabled: true, transport: 'stdio' });
    expect(Object.keys(body.status)).toHaveLength(7);
  });

  it('sends enable and disable, once each', async () => {
    const from = stream.frames.length;
    await t.http.patch(`${BASE}/live`).send({ enabled: false }).expect(200);
    await stream.next(
      serverFrame('live', (b) => !b.enabled && b.status.state === 'disabled'),
      'a disabled frame',
      from,
    );
    await t.http.patch(`${BASE}/live`).send({ enabled: true }).expect(200);
    await stream.next(
      serverFrame('live', (b) => b.enabled),
      'an enabled frame',
      from,
    );
    const live = stream.frames.slice(from).filter(serverFrame('live', () => true));
    const disabled = live.filter((f) => (JSON.parse(f.data) as ServerBody).enabled === false);
    expect(disabled).toHaveLength(1);
  });

  it('sends a credential change, and never the value', async () => {
    const from = stream.frames.length;
    const value = 'events-e2e-secret-value-42';
    await t.http.put(`${BASE}/keyed/credentials/EVENTS_E2E_KEY`).send({ value }).expect(204);
    const frame = await stream.next(
      serverFrame('keyed', (b) => b.credentials[0]?.configured === true),
      'a configured-credential frame',
      from,
    );
    expect(JSON.parse(frame.data).status.state).not.toBe('needs_credentials');
    expect(stream.frames.some((f) => f.data.includes(value))).toBe(false);
  });
});
