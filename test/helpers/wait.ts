/** Polling with a deadline, shared by the e2e specs and their support files. */

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Polls `probe` until it returns a truthy value and returns that value; fails naming `what`
 * (a function is read at the deadline, to report the last state seen) after `ms`.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string | (() => string) = 'the condition',
  ms = 10_000,
  intervalMs = 50,
): Promise<Truthy<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) {
      const name = typeof what === 'function' ? what() : what;
      throw new Error(`Timed out after ${ms} ms waiting for ${name}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
