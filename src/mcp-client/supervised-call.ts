import { PatchbayError } from '../common/errors/patchbay.error';
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
  run(session: McpSession, signal: AbortSignal, remainingMs: number, opened: boolean): Promise<T>;
}

/**
 * Runs one request on a server's shared session: waits for a slot, joins or opens the
 * connection, maps failures once, replaces a broken wire, and re-initializes once when a
 * streamable HTTP session has expired (404), as the spec requires.
 */
export async function withSession<T>(sup: ServerSupervisor, work: SessionWork<T>): Promise<T> {
  const controller = new AbortController();
  const deadline = Date.now() + work.timeoutMs;
  const unlink = link(work.signal, controller);
  const timer = setTimeout(() => controller.abort(timeoutReason), work.timeoutMs);
  let release: (() => void) | undefined;
  try {
    if (work.gated) release = await sup.gate.enter(controller.signal);
    for (let attempt = 0; ; attempt++) {
      const { session, opened } = await untilAborted(open(sup, work.check), controller.signal);
      if (attempt === 0) clearTimeout(timer); // from here the SDK's own timeout applies
      try {
        return await work.run(session, controller.signal, deadline - Date.now(), opened);
      } catch (err) {
        if (controller.signal.aborted && work.signal?.aborted) throw err;
        const error = toPatchbayError(err, session.context(work.phase, work.timeoutMs));
        if (isSessionExpired(err) && attempt === 0) {
          sup.invalidate(session, null);
          continue;
        }
        if (isTransportFailure(err) && session.wire !== 'stdio') sup.invalidate(session, error);
        throw error;
      }
    }
  } catch (err) {
    if (work.signal?.aborted) throw work.signal.reason;
    if (err === timeoutReason) throw waitedTooLong(sup.server.id, work.timeoutMs);
    throw err;
  } finally {
    clearTimeout(timer);
    unlink();
    release?.();
  }
}

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
