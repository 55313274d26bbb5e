import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { z } from 'zod';
import { PatchbayError } from '../common/errors/catalogue';
import { serverConfig } from '../integration-registry/testing/server-config.fixture';
import { callTool, listTools, OperationContext, ping } from './mcp-client.operations';
import { DEFAULT_MCP_CLIENT_OPTIONS, McpClientOptions } from './mcp-client.options';
import { ClientEvent } from './mcp-client.types';
import { ServerSupervisor } from './server-supervisor';
import { createSupervisorDeps } from './support/supervisor-deps';
import type { TransportHandle } from './transport/transport.factory';
import { waitFor } from '../../test/helpers/wait';

const until = (probe: () => boolean | Promise<boolean>) =>
  waitFor(probe, 'the condition', 2_000, 10);

const fakeClock = () =>
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });

/** Lets promise chains run (not timers: those are Jest's while the clock is fake). */
async function settled(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

const server = serverConfig({ id: 'mem', name: 'In memory', timeoutMs: 2_000 });

/** A real SDK McpServer per connection, linked in memory; records what it saw. */
class Upstream {
  connections = 0;
  cancelled = 0;
  servers: McpServer[] = [];
  serverSides: InMemoryTransport[] = [];

  factory = (): TransportHandle => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const mcp = this.build();
    this.connections++;
    this.servers.push(mcp);
    this.serverSides.push(serverSide);
    void mcp.connect(serverSide);
    return { transport: clientSide, wire: 'stdio', pid: () => null, exit: () => null };
  };

  private build(): McpServer {
    const mcp = new McpServer({ name: 'upstream', version: '1.0.0' });
    mcp.registerTool('echo', { inputSchema: { message: z.string() } }, async ({ message }) => ({
      content: [{ type: 'text', text: message }],
    }));
    mcp.registerTool('fail', {}, async () => ({
      isError: true,
      content: [{ type: 'text', text: 'no' }],
    }));
    mcp.registerTool('wait', { inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
      extra.signal.addEventListener('abort', () => this.cancelled++);
      await new Promise((r) => setTimeout(r, ms));
      return { content: [{ type: 'text', text: `waited ${ms}` }] };
    });
    mcp.registerTool('shaped', { outputSchema: { n: z.number() } }, async () => ({
      content: [],
      structuredContent: { n: 1 },
    }));
    return mcp;
  }
}

describe('ServerSupervisor with real SDK servers in memory', () => {
  let upstream: Upstream;
  let sup: ServerSupervisor;
  let ctx: OperationContext;
  let events: ClientEvent[];

  const setup = (options: Partial<McpClientOptions> = {}) => {
    upstream = new Upstream();
    events = [];
    const merged: McpClientOptions = {
      ...DEFAULT_MCP_CLIENT_OPTIONS,
      backoff: { ...DEFAULT_MCP_CLIENT_OPTIONS.backoff, initialMs: 20, jitter: 0, maxFailures: 3 },
      transportFactory: upstream.factory,
      ...options,
    };
    const deps = createSupervisorDeps(merged, {
      launchDir: process.cwd(),
      resolveCredentials: () => Promise.resolve({ env: {}, headers: {} }),
      emit: (e) => events.push(e),
      log: () => undefined,
    });
    sup = new ServerSupervisor(server, deps);
    ctx = { sup, options: merged, validator: deps.validator, emit: deps.emit };
  };

  beforeEach(() => setup());
  afterEach(() => sup.close());

  it('shares one connection among concurrent first calls', async () => {
    const calls = Array.from({ length: 8 }, (_, i) =>
      callTool(ctx, server, 'echo', { message: `m${i}` }, {}),
    );
    const results = await Promise.all([...calls, listTools(ctx, server)]);
    expect(results).toHaveLength(9);
    expect(upstream.connections).toBe(1);
    expect(sup.info().state).toBe('connected');
    expect(events.filter((e) => e.kind === 'connected')).toHaveLength(1);
  });

  it('refuses calls and tool listings once closed, saying so, without reconnecting', async () => {
    await listTools(ctx, server); // connected, tool list cached: both fast paths are live
    await sup.close();
    const closed =
      /"mem" is unavailable: it was closed \(disabled or changed, or Patchbay is shutting down\)/;
    await expect(callTool(ctx, server, 'echo', { message: 'x' }, {})).rejects.toThrow(closed);
    await expect(listTools(ctx, server)).rejects.toThrow(closed);
    expect(upstream.connections).toBe(1);
  });

  it('returns isError results as data', async () => {
    const result = await callTool(ctx, server, 'fail', {}, {});
    expect(result.isError).toBe(true);
    expect(events.at(-1)).toEqual(expect.objectContaining({ kind: 'call_ok' }));
  });

  it('caches the tool list until tools/list_changed, and checks structured output', async () => {
    const first = await listTools(ctx, server);
    expect(await listTools(ctx, server)).toBe(first);
    upstream.servers[0].registerTool('added', {}, async () => ({ content: [] }));
    const names = async () => (await listTools(ctx, server)).map((t) => t.name);
    await until(async () => (await names()).includes('added'));
    expect((await callTool(ctx, server, 'shaped', {}, {})).structuredContent).toEqual({ n: 1 });
  });

  it('times out a call with mcp_timeout and cancels it upstream', async () => {
    await ping(ctx, 1_000); // connected on the real clock
    fakeClock();
    try {
      const call = callTool(ctx, server, 'wait', { ms: 500 }, { timeoutMs: 50 }).catch((e) => e);
      await jest.advanceTimersByTimeAsync(49);
      expect(upstream.cancelled).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      const err: unknown = await call;
      expect(err).toBeInstanceOf(PatchbayError);
      expect((err as PatchbayError).code).toBe('mcp_timeout');
      await settled(() => upstream.cancelled === 1);
    } finally {
      jest.useRealTimers();
    }
    expect(events.at(-1)).toEqual(expect.objectContaining({ kind: 'call_failed' }));
  });

  it('rejects with the caller’s reason when the caller aborts, and cancels upstream', async () => {
    const controller = new AbortController();
    const call = callTool(ctx, server, 'wait', { ms: 500 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gone away')), 30);
    await expect(call).rejects.toThrow('gone away');
    await until(() => upstream.cancelled === 1);
  });

  it('queues calls beyond the in-flight limit', async () => {
    setup({ maxInFlight: 1 });
    await ping(ctx, 1_000);
    fakeClock();
    try {
      const started = Date.now();
      const a = callTool(ctx, server, 'wait', { ms: 100 }, {});
      const b = callTool(ctx, server, 'wait', { ms: 100 }, {});
      await settled(() => sup.gate.queued === 1);
      expect(sup.gate.inFlight).toBe(1);
      await jest.advanceTimersByTimeAsync(100);
      await settled(() => sup.gate.queued === 0); // the second call has the slot now
      await jest.advanceTimersByTimeAsync(100);
      await Promise.all([a, b]);
      expect(Date.now() - started).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reconnects after a dropped connection, and stops after repeated failures until checked', async () => {
    await ping(ctx, 1_000);
    fakeClock();
    try {
      await upstream.serverSides[0].close();
      expect(sup.info().state).toBe('backoff');
      expect(sup.info().nextRetryAt).toEqual(new Date(Date.now() + 20)); // initialMs, no jitter
      const down = await callTool(ctx, server, 'echo', { message: 'x' }, {}).catch((e) => e);
      expect((down as PatchbayError).code).toBe('mcp_server_unavailable');
      await jest.advanceTimersByTimeAsync(19);
      expect(upstream.connections).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      await settled(() => sup.info().state === 'connected');
      expect(upstream.connections).toBe(2);
      // A second quick drop waits twice as long; the third in a row stops the retries.
      await upstream.serverSides[1].close();
      expect(sup.info().nextRetryAt).toEqual(new Date(Date.now() + 40));
      await jest.advanceTimersByTimeAsync(40);
      await settled(() => sup.info().state === 'connected');
      await upstream.serverSides[2].close();
      expect(sup.info().state).toBe('failed');
      expect(sup.info().nextRetryAt).toBeNull();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(upstream.connections).toBe(3);
    } finally {
      jest.useRealTimers();
    }
    const result = await ping(ctx, 1_000);
    expect(result.newConnection).toBe(true);
    expect(sup.info().state).toBe('connected');
  });

  it('forgets earlier failures once a connection has lived stableMs', async () => {
    await ping(ctx, 1_000);
    fakeClock();
    try {
      await upstream.serverSides[0].close();
      await jest.advanceTimersByTimeAsync(20);
      await settled(() => sup.info().state === 'connected');
      await jest.advanceTimersByTimeAsync(DEFAULT_MCP_CLIENT_OPTIONS.backoff.stableMs);
      await upstream.serverSides[1].close();
      expect(sup.info().nextRetryAt).toEqual(new Date(Date.now() + 20)); // a first failure again
    } finally {
      jest.useRealTimers();
    }
  });
});
