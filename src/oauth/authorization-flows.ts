import { randomBytes } from 'node:crypto';
import { OAuthStateInvalidError } from '../common/errors/catalogue';

/** How long an authorization link stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

interface Pending {
  serverId: string;
  expiresAt: number;
}

/**
 * Authorizations waiting for their callback, by `state`: single-use, 10 minutes, and one per
 * server (a new one replaces the old, whose PKCE verifier is gone). Kept in memory: a
 * restart asks the person to click again.
 */
export class AuthorizationFlows {
  private readonly pending = new Map<string, Pending>();

  start(serverId: string, now = Date.now()): string {
    for (const [state, p] of this.pending) {
      if (p.serverId === serverId || p.expiresAt <= now) this.pending.delete(state);
    }
    const state = randomBytes(32).toString('base64url');
    this.pending.set(state, { serverId, expiresAt: now + STATE_TTL_MS });
    return state;
  }

  /** @returns the server id the state was issued for. @throws OAuthStateInvalidError */
  /** Ends the pending authorizations of a deleted server: their callbacks then fail. */
  drop(serverId: string): void {
    for (const [state, p] of this.pending) if (p.serverId === serverId) this.pending.delete(state);
  }

  take(state: string | undefined, now = Date.now()): string {
    const p = state ? this.pending.get(state) : undefined;
    if (!p || !state) throw new OAuthStateInvalidError();
    this.pending.delete(state);
    if (p.expiresAt <= now) throw new OAuthStateInvalidError();
    return p.serverId;
  }
}
