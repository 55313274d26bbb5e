/** How a supervisor spaces reconnects and when it gives up on a crash-looping server. */
export interface BackoffPolicy {
  /** First delay after a failure; default 250 ms. */
  initialMs: number;
  /** Cap on a single delay; default 30 s. */
  maxMs: number;
  /** Growth per consecutive failure; default 2. */
  factor: number;
  /** Fraction of the delay drawn at random (0..1), so servers do not retry in lockstep. */
  jitter: number;
  /** Consecutive failures after which retries stop until a check or re-enable; default 5. */
  maxFailures: number;
  /** A connection that lived at least this long resets the failure count; default 10 s. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 250,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
  maxFailures: 5,
  stableMs: 10_000,
};

/** Delay before retry number `failures` (1 = first retry), with jitter around the base. */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failures - 1);
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
