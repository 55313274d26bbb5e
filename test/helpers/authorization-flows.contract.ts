/** The rules of pending OAuth authorizations, shared by the memory and database specs. */
import { AuthorizationFlows, STATE_TTL_MS } from '../../src/oauth/authorization-flows';

export function describeFlows(make: () => AuthorizationFlows | Promise<AuthorizationFlows>): void {
  it('answers the server once per state', async () => {
    const flows = await make();
    const state = await flows.start('remote');
    await expect(flows.take(state)).resolves.toBe('remote');
    await expect(flows.take(state)).rejects.toThrow(/unknown, already used/);
  });

  it('refuses a state older than 10 minutes, and an unknown or missing one', async () => {
    const flows = await make();
    const now = Date.now();
    const state = await flows.start('remote', now);
    await expect(flows.take(state, now + STATE_TTL_MS)).rejects.toThrow(/older than 10 minutes/);
    await expect(flows.take('nope')).rejects.toThrow();
    await expect(flows.take(undefined)).rejects.toThrow();
  });

  it('a new authorization of the same server replaces the older one', async () => {
    const flows = await make();
    const first = await flows.start('remote');
    const second = await flows.start('remote');
    await expect(flows.take(first)).rejects.toThrow();
    await expect(flows.take(second)).resolves.toBe('remote');
  });

  it('drop ends a deleted server’s pending authorization', async () => {
    const flows = await make();
    const state = await flows.start('gone');
    await flows.drop('gone');
    await expect(flows.take(state)).rejects.toThrow();
  });
}
