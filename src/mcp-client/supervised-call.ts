import { PatchbayError } from '../common/errors/catalogue';
import {
  FailureContext,
  isSessionExpired,
  isTransportFailure,
  toPatchbayError,
} from './mcp-client.errors';
import { McpSession } from './mcp-session';
import { ServerSupervisor } from './server-supervisor';

export interface SessionWork<T> {
  phase: FailureContext['phase'];
  timeoutMs: number;
  /** The caller's signal: aborting rejects with its reason and cancels upstream. */
  signal?: AbortSignal;
  /** Wait for a slot of the server's in-flight limit (calls); pings and lists skip it. */
  gated: boolean;
  /** A check connects even while the supervisor backs off (health checks). */
  check?: boolean;
  run(
    session: McpSession,
    signal: AbortSignal | undefined,
    remainingMs: number,
    opened: boolean,
  ): Promise<T>;
}

/**
 * Runs one request on a server's shared session: waits for a slot, joins or opens the
 * connection, maps failures once, replaces a broken wire, and re-initializes once when a
 * streamable HTTP session has expired (404), as the spec requires.
 */
export async function withSession<T>(sup: ServerSupervisor, work: SessionWork<T>): Promise<T> {
  // The common case, on every call: connected and a slot free. Nothing to wait for, so no
  // timer, controller or listeners: the SDK's own timeout and the caller's signal suffice.
  const session = work.check ? null : sup.openSession();
  const release = session && (work.gated ? sup.gate.tryEnter() : noop);
  if (!session || !release) return waitAndRun(sup, work);
  try {
    return await attempt(sup, work, session, work.signal, Date.now() + work.timeoutMs, false);
  } catch (err) {
    if (err !== sessionExpired) throw callerReason(work, err);
  } finally {
    release();
  }
  return waitAndRun(sup, work, 1);
}

/** The path that may wait: for a slot, for a connect, or for a re-initialized session. */
async function waitAndRun<T>(sup: ServerSupervisor, work: SessionWork<T>, tries = 0): Promise<T> {
  const controller = new AbortController();
  const deadline = Date.now() + work.timeoutMs;
  const unlink = link(work.signal, controller);
  const timer = setTimeout(() => controller.abort(timeoutReason), work.timeoutMs);
  let release: (() => void) | undefined;
  try {
    if (work.gated) release = await sup.gate.enter(controller.signal);
    for (; ; tries++) {
      const { session, opened } = await untilAborted(open(sup, work.check), controller.signal);
      clearTimeout(timer); // from here the SDK's own timeout applies
      try {
        return await attempt(sup, work, session, controller.signal, deadline, opened, tries > 0);
      } catch (err) {
        if (err !== sessionExpired) throw err;
      }
    }
  } catch (err) {
    const reason = callerReason(work, err);
    throw reason === timeoutReason ? waitedTooLong(sup.server.id, work.timeoutMs) : reason;
  } finally {
    clearTimeout(timer);
    unlink();
    release?.();
  }
}

/** One request on `session`, its failure mapped; `sessionExpired` asks for one retry. */
async function attempt<T>(
  sup: ServerSupervisor,
  work: SessionWork<T>,
  session: McpSession,
  signal: AbortSignal | undefined,
  deadline: number,
  opened: boolean,
  retried = false,
): Promise<T> {
  try {
    return await work.run(session, signal, deadline - Date.now(), opened);
  } catch (err) {
    if (signal?.aborted && work.signal?.aborted) throw err;
    const error = toPatchbayError(err, session.context(work.phase, work.timeoutMs));
    if (isSessionExpired(err) && !retried) {
      sup.invalidate(session, null);
      throw sessionExpired;
    }
    if (isTransportFailure(err) && session.wire !== 'stdio') sup.invalidate(session, error);
    throw error;
  }
}

/** An aborted caller gets its own abort reason back, whatever the request failed with. */
function callerReason(work: SessionWork<unknown>, err: unknown): unknown {
  return work.signal?.aborted ? work.signal.reason : err;
}

const noop = () => undefined;
const sessionExpired = new Error('the streamable HTTP session expired');
const timeoutReason = new Error('timed out before the request was sent');

async function open(sup: ServerSupervisor, check?: boolean) {
  if (check) return sup.check();
  return { session: await sup.acquire(), opened: false };
}

function waitedTooLong(serverId: string, timeoutMs: number): PatchbayError {
  return new PatchbayError(
    'mcp_timeout',
    `MCP server "${serverId}" could not take the call within ${timeoutMs} ms (connecting or busy).`,
    { server_id: serverId, timeout_ms: timeoutMs },
  );
}

/** Aborts `controller` with the caller's reason; the returned function unlinks. */
function link(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** Stops waiting (not the work itself: a shared connect goes on for others) when aborted. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
