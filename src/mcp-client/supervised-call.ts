import { serverWaitTimeout } from '../common/errors/catalogue';
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
  /** Told `true` when the call waits for one of the server's in-flight slots, `false` once it has one. */
  onQueue?: (queued: boolean) => void;

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
export function withSession<T>(sup: ServerSupervisor, work: SessionWork<T>): Promise<T> {
  return new SessionCall(sup, work).run();
}

/** An attempt's answer: the value, or a request to try once more on a fresh session. */
type Outcome<T> = { done: true; value: T } | { done: false; retry: 'session_expired' };

/** The abort reason of a wait (slot or connection) that ran into the call's deadline. */
class DeadlinePassed extends Error {}

const noop = () => undefined;

/** The policy of one call: one deadline for everything it does, retries included. */
class SessionCall<T> {
  private readonly deadline: number;
  private retried = false;

  constructor(
    private readonly sup: ServerSupervisor,
    private readonly work: SessionWork<T>,
  ) {
    this.deadline = Date.now() + work.timeoutMs;
  }

  async run(): Promise<T> {
    // The common case, on every call: connected and a slot free. Nothing to wait for, so no
    // timer, controller or listeners: the SDK's own timeout and the caller's signal suffice.
    const session = this.work.check ? null : this.sup.openSession();
    const release = session && (this.work.gated ? this.sup.gate.tryEnter() : noop);
    if (!session || !release) return this.waitAndRun();
    let outcome: Outcome<T>;
    try {
      outcome = await this.attempt(session, this.work.signal, false);
    } catch (err) {
      throw this.callerReason(err);
    } finally {
      release();
    }
    return outcome.done ? outcome.value : this.waitAndRun();
  }

  /** The path that may wait: for a slot, for a connect, or for a re-initialized session. */
  private async waitAndRun(): Promise<T> {
    let release: (() => void) | undefined;
    try {
      if (this.work.gated) release = await this.takeSlot();
      for (;;) {
        const { session, opened } =
          this.openNow() ??
          (await this.beforeDeadline((signal) =>
            untilAborted(open(this.sup, this.work.check), signal),
          ));
        // From here the SDK's own timeout applies, given what is left of the deadline.
        const outcome = await this.attempt(session, this.work.signal, opened);
        if (outcome.done) return outcome.value;
      }
    } catch (err) {
      const reason = this.callerReason(err);
      if (!(reason instanceof DeadlinePassed)) throw reason;
      throw serverWaitTimeout(this.sup.server.id, this.work.timeoutMs);
    } finally {
      release?.();
    }
  }

  /**
   * After a wait for a slot the connection is usually up: then there is nothing to wait for,
   * and no second controller and timer to arm (at 32 calls in flight on a limit of 16, half
   * the calls come this way).
   */
  private openNow(): { session: McpSession; opened: boolean } | null {
    const session = this.deadline > Date.now() ? this.sup.openSession() : null;
    return session && { session, opened: false };
  }

  /** A slot of the server's in-flight limit, saying so while the call waits in line. */
  private async takeSlot(): Promise<() => void> {
    const now = this.sup.gate.tryEnter();
    if (now) return now;
    this.work.onQueue?.(true);
    const release = await this.beforeDeadline((signal) => this.sup.gate.enter(signal));
    this.work.onQueue?.(false);
    return release;
  }

  /**
   * Waits with `start`, aborted by the caller or when the call's deadline passes. One
   * controller per wait, linked straight to the caller's signal (each costs ~1 µs to make).
   */
  private async beforeDeadline<R>(start: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const phase = new AbortController();
    const unlink = link(this.work.signal, phase);
    const left = this.deadline - Date.now();
    const timer = setTimeout(() => phase.abort(new DeadlinePassed()), Math.max(0, left));
    try {
      if (left <= 0) phase.abort(new DeadlinePassed());
      return await start(phase.signal);
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }

  /** One request on `session`, its failure mapped; an expired session asks for one retry. */
  private async attempt(
    session: McpSession,
    signal: AbortSignal | undefined,
    opened: boolean,
  ): Promise<Outcome<T>> {
    const { work, sup } = this;
    try {
      const value = await work.run(session, signal, this.deadline - Date.now(), opened);
      return { done: true, value };
    } catch (err) {
      if (signal?.aborted && work.signal?.aborted) throw err;
      const error = toPatchbayError(err, session.context(work.phase, work.timeoutMs));
      if (isSessionExpired(err) && !this.retried) {
        this.retried = true;
        sup.invalidate(session, null);
        return { done: false, retry: 'session_expired' };
      }
      if (isTransportFailure(err) && session.wire !== 'stdio') sup.invalidate(session, error);
      throw error;
    }
  }

  /** An aborted caller gets its own abort reason back, whatever the request failed with. */
  private callerReason(err: unknown): unknown {
    return this.work.signal?.aborted ? this.work.signal.reason : err;
  }
}

async function open(sup: ServerSupervisor, check?: boolean) {
  if (check) return sup.check();
  return { session: await sup.acquire(), opened: false };
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
