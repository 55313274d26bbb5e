import {
  CALL_WINDOW_MS,
  HISTORY_SIZE,
  TOOL_LIST_EVERY,
  applyCall,
  applyCheck,
  applyConnected,
  applyDisconnected,
  applyGate,
  clearGate,
  markConnecting,
  needsToolList,
  newRecord,
} from './health-status.rules';
import { CheckOutcome } from './server-status.types';

const at = (ms: number) => new Date(1_700_000_000_000 + ms);
const ok = (latencyMs = 5, toolCount?: number): CheckOutcome => ({
  ok: true,
  latencyMs,
  toolCount,
  error: null,
  source: 'scheduled',
});
const down = (error = 'No answer within 100 ms.'): CheckOutcome => ({
  ok: false,
  latencyMs: null,
  error,
  source: 'scheduled',
});

describe('health status rules', () => {
  it('starts unknown with every field present', () => {
    expect(newRecord().status).toEqual({
      state: 'unknown',
      checkedAt: null,
      latencyMs: null,
      toolCount: null,
      error: null,
      consecutiveFailures: 0,
    });
  });

  it('goes unknown -> connecting -> healthy, with latency and tool count', () => {
    const r = newRecord();
    markConnecting(r);
    expect(r.status.state).toBe('connecting');
    applyCheck(r, ok(3, 7), at(0), 2000);
    expect(r.status).toMatchObject({ state: 'healthy', latencyMs: 3, toolCount: 7, error: null });
    expect(r.status.checkedAt).toEqual(at(0));
  });

  it('counts consecutive failures and resets them when the server answers', () => {
    const r = newRecord();
    applyCheck(r, down('boom'), at(0), 2000);
    applyCheck(r, down('boom'), at(1), 2000);
    expect(r.status).toMatchObject({ state: 'unhealthy', error: 'boom', consecutiveFailures: 2 });
    applyCheck(r, ok(), at(2), 2000);
    expect(r.status).toMatchObject({ state: 'healthy', error: null, consecutiveFailures: 0 });
  });

  it('is degraded when the ping is slow, and healthy again when it is fast', () => {
    const r = newRecord();
    applyCheck(r, ok(2500), at(0), 2000);
    expect(r.status.state).toBe('degraded');
    expect(r.status.error).toMatch(/2500 ms/);
    applyCheck(r, ok(10), at(1), 2000);
    expect(r.status.state).toBe('healthy');
  });

  it('is degraded by failed real calls in the window, and they age out', () => {
    const r = newRecord();
    applyCheck(r, ok(), at(0), 2000);
    applyCall(r, false, 'timed out', at(10));
    expect(r.status).toMatchObject({ state: 'degraded', consecutiveFailures: 0 });
    expect(r.status.error).toMatch(/1 of the last 1 calls failed.*timed out/);
    applyCheck(r, ok(), at(CALL_WINDOW_MS + 11), 2000);
    expect(r.status.state).toBe('healthy');
  });

  it('marks an unhealthy server healthy as soon as a real call succeeds', () => {
    const r = newRecord();
    applyCheck(r, down(), at(0), 2000);
    applyCall(r, true, null, at(1));
    expect(r.status).toMatchObject({ state: 'healthy', consecutiveFailures: 0, error: null });
  });

  it('does not let a failed call mark an unknown server (a check decides)', () => {
    const r = newRecord();
    applyCall(r, false, 'x', at(0));
    expect(r.status.state).toBe('unknown');
  });

  it('turns unhealthy on a lost connection, and healthy on reconnect (old failures dropped)', () => {
    const r = newRecord();
    applyCheck(r, ok(2, 1), at(0), 2000);
    applyCall(r, false, 'closed', at(1));
    applyDisconnected(r, 'The connection was lost: process exited with code 1.');
    expect(r.status).toMatchObject({ state: 'unhealthy', consecutiveFailures: 1 });
    expect(r.status.error).toMatch(/connection was lost: process exited/);
    applyDisconnected(r, 'again');
    expect(r.status.consecutiveFailures).toBe(1);
    applyConnected(r, at(2));
    expect(r.status).toMatchObject({ state: 'healthy', error: null, consecutiveFailures: 0 });
    expect(needsToolList(r)).toBe(true);
  });

  it('treats a deliberate close as no failure', () => {
    const r = newRecord();
    applyCheck(r, ok(2, 1), at(0), 2000);
    applyDisconnected(r, null);
    expect(r.status.state).toBe('healthy');
  });

  it('gates win over client events and lift to unknown', () => {
    const r = newRecord();
    applyCheck(r, down(), at(0), 2000);
    applyGate(r, 'disabled', null);
    expect(r.status).toMatchObject({ state: 'disabled', consecutiveFailures: 0, error: null });
    applyConnected(r, at(1));
    applyCall(r, true, null, at(1));
    applyDisconnected(r, 'boom');
    expect(r.status.state).toBe('disabled');
    clearGate(r);
    expect(r.status.state).toBe('unknown');
  });

  it('lists tools on a new record, then every Nth check', () => {
    const r = newRecord();
    expect(needsToolList(r)).toBe(true);
    applyCheck(r, ok(1, 3), at(0), 2000);
    const due: boolean[] = [];
    for (let i = 1; i <= TOOL_LIST_EVERY; i++) {
      due.push(needsToolList(r));
      applyCheck(r, ok(1, due[due.length - 1] ? 3 : undefined), at(i), 2000);
    }
    expect(due.filter(Boolean)).toHaveLength(1);
    expect(due[TOOL_LIST_EVERY - 1]).toBe(true);
  });

  it('keeps a short history, newest first', () => {
    const r = newRecord();
    for (let i = 0; i < HISTORY_SIZE + 5; i++) applyCheck(r, ok(i), at(i), 2000);
    expect(r.history).toHaveLength(HISTORY_SIZE);
    expect(r.history[0].checkedAt).toEqual(at(HISTORY_SIZE + 4));
  });
});
