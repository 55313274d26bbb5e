import { AuthorizationFlows, STATE_TTL_MS } from './authorization-flows';

describe('AuthorizationFlows', () => {
  it('answers the server once per state', () => {
    const flows = new AuthorizationFlows();
    const state = flows.start('remote');
    expect(flows.take(state)).toBe('remote');
    expect(() => flows.take(state)).toThrow(/unknown, already used/);
  });

  it('refuses a state older than 10 minutes, and an unknown or missing one', () => {
    const flows = new AuthorizationFlows();
    const state = flows.start('remote', 0);
    expect(() => flows.take(state, STATE_TTL_MS)).toThrow(/older than 10 minutes/);
    expect(() => flows.take('nope')).toThrow();
    expect(() => flows.take(undefined)).toThrow();
  });

  it('a new authorization of the same server replaces the older one', () => {
    const flows = new AuthorizationFlows();
    const first = flows.start('remote');
    const second = flows.start('remote');
    expect(() => flows.take(first)).toThrow();
    expect(flows.take(second)).toBe('remote');
  });
});
