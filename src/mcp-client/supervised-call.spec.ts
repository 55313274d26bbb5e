import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { PatchbayError } from '../common/errors/catalogue';
import type { McpSession } from './mcp-session';
import type { ServerSupervisor } from './server-supervisor';
import { CallGate } from './support/call-gate';
import { withSession } from './supervised-call';

/** A supervisor with one connected streamable HTTP session and free slots; the clock is ours. */
function fakeSupervisor() {
  const session = {
    wire: 'streamable_http',
    context: (phase: 'call') => ({ serverId: 's', wire: 'streamable_http', phase }),
  } as unknown as McpSession;
  const invalidated: unknown[] = [];
  const sup = {
    server: { id: 's' },
    openSession: () => session,
    acquire: () => Promise.resolve(session),
    invalidate: (s: unknown) => invalidated.push(s),
    gate: { tryEnter: () => () => undefined, enter: () => Promise.resolve(() => undefined) },
  } as unknown as ServerSupervisor;
  return { sup, invalidated };
}

describe('withSession', () => {
  let now = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('keeps one deadline across the retry after an expired session', async () => {
    const { sup, invalidated } = fakeSupervisor();
    const remaining: number[] = [];
    const result = await withSession(sup, {
      phase: 'call',
      timeoutMs: 1_000,
      gated: true,
      run: (_session, _signal, remainingMs) => {
        remaining.push(remainingMs);
        if (remaining.length > 1) return Promise.resolve('ok');
        now += 600; // the first request took 600 ms, then the server forgot the session
        return Promise.reject(new StreamableHTTPError(404, 'Session not found'));
      },
    });
    expect(result).toBe('ok');
    expect(invalidated).toHaveLength(1);
    expect(remaining).toEqual([1_000, 400]);
  });

  it('retries an expired session only once', async () => {
    const { sup } = fakeSupervisor();
    let runs = 0;
    const failure = withSession(sup, {
      phase: 'call',
      timeoutMs: 1_000,
      gated: false,
      run: () => {
        runs += 1;
        return Promise.reject(new StreamableHTTPError(404, 'Session not found'));
      },
    });
    await expect(failure).rejects.toBeInstanceOf(PatchbayError);
    expect(runs).toBe(2);
  });

  it('answers mcp_timeout when the deadline passed before the retry could start', async () => {
    const { sup } = fakeSupervisor();
    const failure = withSession(sup, {
      phase: 'call',
      timeoutMs: 1_000,
      gated: true,
      run: () => {
        now += 1_500;
        return Promise.reject(new StreamableHTTPError(404, 'Session not found'));
      },
    });
    await expect(failure).rejects.toMatchObject({ code: 'mcp_timeout' });
  });

  it('says when a call waits in line for a slot, and when it got one', async () => {
    const { sup } = fakeSupervisor();
    let free: () => void = () => undefined;
    const slot = new Promise<void>((resolve) => (free = resolve));
    Object.assign(sup.gate, {
      tryEnter: () => null,
      enter: () => slot.then(() => () => undefined),
    });
    const told: boolean[] = [];
    const call = withSession(sup, {
      phase: 'call',
      timeoutMs: 60_000,
      gated: true,
      onQueue: (queued) => told.push(queued),
      run: () => Promise.resolve('ok'),
    });
    await new Promise((r) => setImmediate(r));
    expect(told).toEqual([true]);
    free();
    await expect(call).resolves.toBe('ok');
    expect(told).toEqual([true, false]);
  });
  it('runs a call that waited in line with the caller’s signal; aborting in line rejects with its reason', async () => {
    const { sup } = fakeSupervisor();
    const gate = new CallGate('s', 1, 10);
    Object.assign(sup, { gate });
    const held = gate.tryEnter();
    const seen: (AbortSignal | undefined)[] = [];
    const work = (signal: AbortSignal) => ({
      phase: 'call' as const,
      timeoutMs: 60_000,
      gated: true,
      signal,
      run: (_s: McpSession, given: AbortSignal | undefined) => {
        seen.push(given);
        return Promise.resolve('ok');
      },
    });
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = withSession(sup, work(leaving.signal));
    const served = withSession(sup, work(staying.signal));
    await new Promise((r) => setImmediate(r));
    expect(gate.queued).toBe(2);
    leaving.abort(new Error('gone away'));
    await expect(left).rejects.toThrow('gone away');
    expect(gate.queued).toBe(1);
    held?.();
    await expect(served).resolves.toBe('ok');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(staying.signal);
    expect(gate.inFlight).toBe(0);
  });
});
