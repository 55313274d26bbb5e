import { ConsoleLogger, Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { Subject } from 'rxjs';
import { AdmissionGate } from '../admission/admission-gate';
import { OAuthService } from '../oauth/oauth.service';
import { ServerNotFoundError } from '../common/errors/catalogue';
import { patchbayConfig } from '../config/patchbay.config';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig, ServerChange } from '../integration-registry/mcp-server.types';
import { serverConfig } from '../integration-registry/testing/server-config.fixture';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ClientEvent, ConnectionInfo, PingResult } from '../mcp-client/mcp-client.types';
import { SecretsService } from '../secrets/secrets.service';
import { CredentialChange } from '../secrets/secrets.types';
import { HEALTH_INTERVAL_NAME, HealthCheckJob } from './health-check.job';
import { HealthStatusService } from './health-status.service';
import { HealthStatusStore } from './health-status.store';
import { McpServerIndicator } from './mcp-server.indicator';

/** The servers' timeout_ms (200) plus the indicator's grace (250). */
const HUNG_CHECK_MS = 450;

const server = (id: string, extra: Partial<McpServerConfig> = {}): McpServerConfig =>
  serverConfig({ id, name: id, command: 'fake', timeoutMs: 200, ...extra });

class FakeRegistry {
  readonly servers = new Map<string, McpServerConfig>();
  readonly changes = new Subject<ServerChange>();
  listServers = () => [...this.servers.values()];
  findServer = (id: string) => this.servers.get(id);
  getServer = (id: string) => {
    const s = this.servers.get(id);
    if (!s) throw new ServerNotFoundError(id);
    return s;
  };
  /** Edits a server the way the real registry does: replace, then emit. */
  edit(id: string, patch: Partial<McpServerConfig>) {
    const before = this.getServer(id);
    const after = { ...before, ...patch };
    this.servers.set(id, after);
    this.changes.next({ serverId: id, kind: 'updated', before, after });
  }
}

class FakeSecrets {
  readonly missing = new Map<string, string[]>();
  readonly changes = new Subject<CredentialChange>();
  missingRequired = (s: McpServerConfig) => this.missing.get(s.id) ?? [];
}

type Mode = 'ok' | 'hang' | 'fail' | 'slow';

/** Answers like the client would; counts pings so tests can see who was touched. */
/** OAuth as the gate asks it: a server id with a reason is waiting for a person. */
class FakeOAuth {
  readonly unauthorized = new Map<string, string>();
  authorizationProblem = (server: { id: string }) => this.unauthorized.get(server.id) ?? null;
}

class FakeClient {
  readonly events = new Subject<ClientEvent>();
  readonly modes = new Map<string, Mode>();
  readonly pinged: string[] = [];
  readonly connected = new Set<string>();
  delayMs = 0;
  active = 0;
  peak = 0;

  async ping(id: string): Promise<PingResult> {
    this.pinged.push(id);
    this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      const mode = this.modes.get(id) ?? 'ok';
      if (mode === 'hang') await new Promise(() => undefined);
      if (mode === 'fail') throw new Error('Could not connect: spawn fake ENOENT');
      await new Promise((r) => setTimeout(r, mode === 'slow' ? 150 : this.delayMs));
      const newConnection = !this.connected.has(id);
      this.connected.add(id);
      return { latencyMs: mode === 'slow' ? 150 : 1, newConnection };
    } finally {
      this.active -= 1;
    }
  }

  listTools = async () => [
    { name: 'a', inputSchema: { type: 'object' as const } },
    { name: 'b', inputSchema: { type: 'object' as const } },
  ];

  connectionInfo = (id: string): ConnectionInfo => ({
    state: this.connected.has(id) ? 'connected' : 'idle',
    lastError: null,
    nextRetryAt: null,
    pid: null,
  });
}

describe('HealthStatusService and HealthCheckJob (fake client, registry, secrets)', () => {
  let moduleRef: TestingModule;
  let registry: FakeRegistry;
  let secrets: FakeSecrets;
  let client: FakeClient;
  let oauth: FakeOAuth;
  let health: HealthStatusService;
  let job: HealthCheckJob;
  let emitted: string[];

  beforeEach(async () => {
    registry = new FakeRegistry();
    secrets = new FakeSecrets();
    client = new FakeClient();
    oauth = new FakeOAuth();
    for (const id of ['a', 'b', 'c']) registry.servers.set(id, server(id));
    moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        HealthStatusStore,
        McpServerIndicator,
        HealthStatusService,
        HealthCheckJob,
        SchedulerRegistry,
        AdmissionGate,
        { provide: IntegrationRegistryService, useValue: registry },
        { provide: SecretsService, useValue: secrets },
        { provide: McpClientService, useValue: client },
        { provide: OAuthService, useValue: oauth },
        {
          provide: patchbayConfig.KEY,
          useValue: {
            healthIntervalMs: 60_000,
            healthConcurrency: 2,
            healthFirstCheckMs: 3_600_000,
          },
        },
      ],
    }).compile();
    await moduleRef.init();
    health = moduleRef.get(HealthStatusService);
    job = moduleRef.get(HealthCheckJob);
    emitted = [];
    health.changes.subscribe((id) => emitted.push(id));
  });

  afterEach(() => moduleRef.close());

  it('reports unknown before the first check, every field present', () => {
    const status = health.getStatus('a');
    expect(status).toMatchObject({
      state: 'unknown',
      checkedAt: null,
      latencyMs: null,
      toolCount: null,
      error: null,
      consecutiveFailures: 0,
    });
    expect(status.nextCheckAt?.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(() => health.getStatus('nope')).toThrow(ServerNotFoundError);
  });

  it('checks now: healthy with latency and tool count, and a history entry', async () => {
    const status = await health.checkNow('a');
    expect(status).toMatchObject({ state: 'healthy', toolCount: 2, consecutiveFailures: 0 });
    expect(status.latencyMs).toBe(1);
    expect(health.history('a')).toEqual([expect.objectContaining({ source: 'manual' })]);
    expect(emitted).toEqual(['a', 'a']); // connecting, then healthy
  });

  it('never touches the client for a disabled server or one missing a credential', async () => {
    registry.edit('a', { enabled: false });
    secrets.missing.set('b', ['API_TOKEN']);
    expect((await health.checkNow('a')).state).toBe('disabled');
    const b = await health.checkNow('b');
    expect(b).toMatchObject({ state: 'needs_credentials', nextCheckAt: null });
    expect(b.error).toMatch(/API_TOKEN/);
    const report = await job.tick();
    expect(report).toMatchObject({ checked: 1, gated: 2 });
    expect([...new Set(client.pinged)]).toEqual(['c']);
  });

  it('gates a server waiting for OAuth authorization: needs_authorization, never pinged', async () => {
    oauth.unauthorized.set('b', 'not authorized yet');
    const b = await health.checkNow('b');
    expect(b).toMatchObject({ state: 'needs_authorization', nextCheckAt: null });
    expect(b.error).toMatch(/oauth\/authorize/);
    await job.tick();
    await job.tick();
    expect(client.pinged).not.toContain('b');
    oauth.unauthorized.delete('b');
    expect((await health.checkNow('b')).state).toBe('healthy');
  });

  /** A tick on Jest's clock: the hung server's check ends at its timeout plus the grace. */
  const tickOnClock = async () => {
    const tick = job.tick();
    await jest.advanceTimersByTimeAsync(HUNG_CHECK_MS);
    return tick;
  };
  const fakeClock = () =>
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });

  it('marks a hung server unhealthy within its timeout, others stay healthy', async () => {
    fakeClock();
    try {
      client.modes.set('b', 'hang');
      const started = Date.now();
      await tickOnClock();
      expect(Date.now() - started).toBe(HUNG_CHECK_MS);
      expect(health.getStatus('a').state).toBe('healthy');
      const b = health.getStatus('b');
      expect(b).toMatchObject({ state: 'unhealthy', consecutiveFailures: 1 });
      expect(b.error).toMatch(/No answer within 200 ms/);
      await tickOnClock();
      expect(health.getStatus('b').consecutiveFailures).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a failing connect as unhealthy with its reason, and slow pings as degraded', async () => {
    client.modes.set('a', 'fail');
    client.modes.set('b', 'slow');
    fakeClock();
    try {
      await tickOnClock();
    } finally {
      jest.useRealTimers();
    }
    expect(health.getStatus('a').error).toMatch(/ENOENT/);
    expect(health.getStatus('b')).toMatchObject({ state: 'degraded', latencyMs: 150 });
  });

  it('records nothing for a check cut short by shutdown', async () => {
    client.modes.set('a', 'fail');
    client.delayMs = 50;
    const before = health.getStatus('a').state;
    const check = health.checkNow('a');
    health.onModuleDestroy(); // as Nest does, before the client closes its servers
    await check.catch(() => undefined);
    expect(health.getStatus('a').state).toBe(before === 'unknown' ? 'connecting' : before);
    expect(health.history('a')).toEqual([]);
  });

  it('logs each state change once, not every tick', async () => {
    const lines: string[] = [];
    const capture = (message: unknown) => void lines.push(String(message));
    Logger.overrideLogger({ log: capture, warn: capture, error: capture, debug: capture });
    fakeClock();
    try {
      client.modes.set('b', 'hang');
      await tickOnClock();
      await tickOnClock();
    } finally {
      jest.useRealTimers();
      Logger.overrideLogger(new ConsoleLogger());
    }
    const forB = lines.filter((l) => l.startsWith('server_id=b '));
    expect(forB).toEqual([
      'server_id=b health unknown -> connecting',
      expect.stringMatching(/^server_id=b health connecting -> unhealthy: No answer within 200 ms/),
    ]);
  });

  it('emits on a change only, not on every tick', async () => {
    await job.tick();
    const after = emitted.length;
    await job.tick();
    expect(emitted.length).toBe(after);
  });

  it('runs checks in parallel within the concurrency limit and skips an overlapping tick', async () => {
    for (let i = 0; i < 10; i++) registry.servers.set(`s${i}`, server(`s${i}`));
    client.delayMs = 20;
    const first = job.tick();
    const second = await job.tick();
    expect(second.skipped).toBe(true);
    const report = await first;
    expect(report).toMatchObject({ skipped: false, checked: 13, maxInFlight: 2 });
    expect(client.peak).toBeLessThanOrEqual(2);
  });

  it('joins a check already running instead of pinging twice', async () => {
    client.delayMs = 30;
    client.connected.add('a'); // one ping per check (no second ping for a new connection)
    await Promise.all([health.checkNow('a'), health.checkNow('a')]);
    expect(client.pinged.filter((id) => id === 'a')).toHaveLength(1);
  });

  it('follows real calls and connections at once', async () => {
    await health.checkNow('a');
    client.events.next({ kind: 'call_failed', serverId: 'a', error: 'MCP call timed out' });
    expect(health.getStatus('a').state).toBe('degraded');
    client.events.next({ kind: 'disconnected', serverId: 'a', error: 'process exited' });
    expect(health.getStatus('a')).toMatchObject({ state: 'unhealthy', consecutiveFailures: 1 });
    client.events.next({ kind: 'connected', serverId: 'a' });
    expect(health.getStatus('a')).toMatchObject({ state: 'healthy', error: null });
    client.events.next({ kind: 'call_ok', serverId: 'b', latencyMs: 3 });
    expect(health.getStatus('b').state).toBe('healthy');
  });

  it('goes disabled at once on a registry change, and unknown when enabled again', async () => {
    await health.checkNow('a');
    emitted.length = 0;
    registry.edit('a', { enabled: false });
    expect(health.getStatus('a').state).toBe('disabled');
    expect(emitted).toEqual(['a']);
    registry.edit('a', { enabled: true });
    expect(health.getStatus('a').state).toBe('unknown');
  });

  it('follows credential changes', async () => {
    secrets.missing.set('a', ['KEY']);
    secrets.changes.next({ serverId: 'a', name: 'KEY' });
    expect(emitted).toEqual(['a']);
    secrets.missing.delete('a');
    secrets.changes.next({ serverId: 'a', name: 'KEY' });
    expect(health.getStatus('a').state).toBe('unknown');
  });

  it('counts servers by state', async () => {
    registry.edit('c', { enabled: false });
    await health.checkNow('a');
    expect(health.countByState()).toEqual({
      total: 3,
      by_state: { healthy: 1, unknown: 1, disabled: 1 },
    });
  });

  it('registers its interval with the scheduler and removes it on close', async () => {
    const scheduler = moduleRef.get(SchedulerRegistry);
    expect(scheduler.doesExist('interval', HEALTH_INTERVAL_NAME)).toBe(true);
    await moduleRef.close();
    expect(scheduler.doesExist('interval', HEALTH_INTERVAL_NAME)).toBe(false);
    moduleRef = await Test.createTestingModule({}).compile();
  });
});
