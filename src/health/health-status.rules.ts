import { CheckOutcome, HealthCheckEntry, ServerState, ServerStatus } from './server-status.types';
import type { RefusalState } from '../admission/admission-gate';

/** How many checks each server keeps in its history. */
export const HISTORY_SIZE = 20;
/** Real calls considered for `degraded`: the last N, no older than the window. */
export const CALL_WINDOW = 10;
export const CALL_WINDOW_MS = 5 * 60_000;
/**
 * Tools are re-listed (fresh, not from the cache) every Nth successful check and on a new
 * connection. Every check: a server that changes a tool without `list_changed` is caught by
 * tool pinning within one health interval.
 */
export const TOOL_LIST_EVERY = 1;

export interface CallSample {
  ok: boolean;
  at: number;
  error: string | null;
}

/** Everything health knows about one server; mutated only through the functions below. */
export interface HealthRecord {
  status: Omit<ServerStatus, 'nextCheckAt'>;
  history: HealthCheckEntry[];
  calls: CallSample[];
  /** Why the last check counted as slow, if it did. */
  slowReason: string | null;
  /** A warning from the last check on an answering server (tool listing failed). */
  warning: string | null;
  toolsStale: boolean;
  checksSinceToolList: number;
}

/** The admission gate's refusals: health shows them as states without asking the server. */
export type GateState = RefusalState;

/** Known without touching the server; checks skip it (a person must act first). */
export const GATED: ReadonlySet<ServerState> = new Set<GateState>([
  'disabled',
  'needs_credentials',
  'needs_authorization',
]);

export function newRecord(): HealthRecord {
  return {
    status: {
      state: 'unknown',
      checkedAt: null,
      latencyMs: null,
      toolCount: null,
      error: null,
      consecutiveFailures: 0,
    },
    history: [],
    calls: [],
    slowReason: null,
    warning: null,
    toolsStale: true,
    checksSinceToolList: 0,
  };
}

/** Whether the next successful ping should also list tools, so `tool_count` stays true. */
export function needsToolList(r: Readonly<HealthRecord>): boolean {
  return (
    r.toolsStale || r.status.toolCount === null || r.checksSinceToolList >= TOOL_LIST_EVERY - 1
  );
}

export function applyCheck(r: HealthRecord, o: CheckOutcome, now: Date, slowMs: number): void {
  r.status.checkedAt = now;
  if (o.ok) {
    const latency = o.latencyMs ?? 0;
    r.slowReason =
      latency > slowMs
        ? `Slow: the ping took ${Math.round(latency)} ms (over ${slowMs} ms).`
        : null;
    r.warning = o.error;
    r.status.latencyMs = o.latencyMs;
    if (o.toolCount !== undefined) {
      r.status.toolCount = o.toolCount;
      r.toolsStale = false;
      r.checksSinceToolList = 0;
    } else {
      r.checksSinceToolList += 1;
    }
    answered(r, now.getTime());
  } else {
    r.slowReason = null;
    r.warning = null;
    r.toolsStale = true;
    r.status.state = 'unhealthy';
    r.status.error = o.error ?? 'The server did not answer.';
    r.status.latencyMs = null;
    r.status.consecutiveFailures += 1;
  }
  r.history.unshift({
    checkedAt: now,
    source: o.source,
    state: r.status.state,
    latencyMs: r.status.latencyMs,
    toolCount: r.status.toolCount,
    error: r.status.error,
  });
  r.history.length = Math.min(r.history.length, HISTORY_SIZE);
}

/** A real call finished: a success proves the server answers, a failure may degrade it. */
export function applyCall(r: HealthRecord, ok: boolean, error: string | null, now: Date): void {
  if (GATED.has(r.status.state)) return;
  if (r.calls.length >= CALL_WINDOW) r.calls.shift();
  r.calls.push({ ok, at: now.getTime(), error });
  if (ok || r.status.state === 'healthy' || r.status.state === 'degraded') {
    answered(r, now.getTime());
  }
}

/** A (re)connection completed the MCP handshake: the server answers, tools may differ. */
export function applyConnected(r: HealthRecord, now: Date): void {
  if (GATED.has(r.status.state)) return;
  r.calls = [];
  r.toolsStale = true;
  if (r.status.state !== 'healthy' && r.status.state !== 'degraded') answered(r, now.getTime());
}

/** The connection closed; with an error it is a failure, without one a deliberate close. */
export function applyDisconnected(r: HealthRecord, error: string | null): void {
  r.toolsStale = true;
  if (error === null || GATED.has(r.status.state)) return;
  r.status.state = 'unhealthy';
  r.status.error = error;
  r.status.latencyMs = null;
  // Not a check: it marks the failure without counting every reconnect attempt twice.
  r.status.consecutiveFailures = Math.max(1, r.status.consecutiveFailures);
}

/** Disabled or missing a credential: known without touching the server. */
export function applyGate(r: HealthRecord, state: GateState, error: string | null): void {
  r.status = { ...r.status, state, error, latencyMs: null, consecutiveFailures: 0 };
  r.calls = [];
  r.slowReason = null;
  r.warning = null;
  r.toolsStale = true;
}

/** The gate lifted (enabled, credential set): nothing is known until the next check. */
export function clearGate(r: HealthRecord): void {
  if (!GATED.has(r.status.state)) return;
  r.status = { ...r.status, state: 'unknown', error: null };
}

export function markConnecting(r: HealthRecord): void {
  if (r.status.state === 'unknown') r.status.state = 'connecting';
}

/** The server answered: healthy, unless slow or with failures among recent real calls. */
function answered(r: HealthRecord, now: number): void {
  const reason = r.slowReason ?? callFailureReason(r, now) ?? r.warning;
  r.status.state = reason ? 'degraded' : 'healthy';
  r.status.error = reason;
  r.status.consecutiveFailures = 0;
}

function callFailureReason(r: HealthRecord, now: number): string | null {
  // One pass, no arrays: this runs after every successful call.
  let recent = 0;
  let failed = 0;
  let last: string | null = null;
  for (const c of r.calls) {
    if (now - c.at > CALL_WINDOW_MS) continue;
    recent++;
    if (!c.ok) {
      failed++;
      last = c.error ?? 'unknown error';
    }
  }
  if (failed === 0) return null;
  return `${failed} of the last ${recent} calls failed; the latest: ${last}`;
}

type Signature = Pick<ServerStatus, 'state' | 'error' | 'toolCount' | 'consecutiveFailures'>;

/** The fields whose change is worth an event and a log line (not timestamps or latency). */
export function signature(s: Omit<ServerStatus, 'nextCheckAt'>): Signature {
  return {
    state: s.state,
    error: s.error,
    toolCount: s.toolCount,
    consecutiveFailures: s.consecutiveFailures,
  };
}

/** Compared field by field: this runs after every tool call (two JSON strings cost ~0.5 µs). */
export function sameSignature(a: Signature, b: Signature): boolean {
  return (
    a.state === b.state &&
    a.error === b.error &&
    a.toolCount === b.toolCount &&
    a.consecutiveFailures === b.consecutiveFailures
  );
}
