import { serverBusy } from '../../common/errors/catalogue';

/**
 * Limits calls in flight to one server; the excess waits in a FIFO queue, so a burst does
 * not flood a server. A waiter leaves the queue when its signal aborts.
 */
export class CallGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly serverId: string,
    private readonly limit: number,
    private readonly maxQueue: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** A release function when a slot is free now, else null (the caller then waits in enter). */
  tryEnter(): (() => void) | null {
    // A free slot means no one waits: release hands a slot straight to the next waiter.
    if (this.active >= this.limit) return null;
    this.active++;
    return this.releaser();
  }

  /** Resolves with a release function once a slot is free. */
  async enter(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    const now = this.tryEnter();
    if (now) return now;
    if (this.waiting.length >= this.maxQueue) {
      throw serverBusy(this.serverId, this.active, this.waiting.length);
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
    return this.releaser();
  }

  /** Hands the slot straight to the next waiter, so no newcomer can slip in between. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
