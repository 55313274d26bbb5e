import { createHash, randomBytes } from 'node:crypto';
import { OAuthStateInvalidError } from '../common/errors/catalogue';
import type { Database } from '../database/database';

/** How long an authorization link stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

/**
 * Authorizations waiting for their callback, by `state`: single-use, 10 minutes, and one per
 * server (a new one replaces the old, whose PKCE verifier is gone).
 */
export abstract class AuthorizationFlows {
  /** Issues a new state for `serverId`, ending that server's earlier one. */
  abstract start(serverId: string, now?: number): Promise<string>;
  /** @returns the server id the state was issued for. @throws OAuthStateInvalidError */
  abstract take(state: string | undefined, now?: number): Promise<string>;
  /** Ends the pending authorizations of a deleted server: their callbacks then fail. */
  abstract drop(serverId: string): Promise<void>;
}

const newState = (): string => randomBytes(32).toString('base64url');

/** One process: kept in memory, so a restart asks the person to click again. */
export class MemoryAuthorizationFlows extends AuthorizationFlows {
  private readonly pending = new Map<string, { serverId: string; expiresAt: number }>();

  start(serverId: string, now = Date.now()): Promise<string> {
    for (const [state, p] of this.pending) {
      if (p.serverId === serverId || p.expiresAt <= now) this.pending.delete(state);
    }
    const state = newState();
    this.pending.set(state, { serverId, expiresAt: now + STATE_TTL_MS });
    return Promise.resolve(state);
  }

  take(state: string | undefined, now = Date.now()): Promise<string> {
    const p = state ? this.pending.get(state) : undefined;
    if (!p || !state) return Promise.reject(new OAuthStateInvalidError());
    this.pending.delete(state);
    if (p.expiresAt <= now) return Promise.reject(new OAuthStateInvalidError());
    return Promise.resolve(p.serverId);
  }

  drop(serverId: string): Promise<void> {
    for (const [state, p] of this.pending) if (p.serverId === serverId) this.pending.delete(state);
    return Promise.resolve();
  }
}

/**
 * Database mode: the browser may come back to any replica behind the load balancer, and a
 * restart between the click and the callback loses nothing. Only a hash of the state is
 * stored (the state is a bearer secret until used); taking it deletes it, so it works once.
 */
export class PgAuthorizationFlows extends AuthorizationFlows {
  constructor(private readonly db: Database) {
    super();
  }

  async start(serverId: string, now = Date.now()): Promise<string> {
    const state = newState();
    await this.db.transaction(async (client) => {
      await client.query(
        'DELETE FROM patchbay_oauth_states WHERE server_id = $1 OR expires_at <= $2',
        [serverId, new Date(now)],
      );
      await client.query(
        'INSERT INTO patchbay_oauth_states (state_hash, server_id, expires_at) VALUES ($1, $2, $3)',
        [hash(state), serverId, new Date(now + STATE_TTL_MS)],
      );
    });
    return state;
  }

  async take(state: string | undefined, now = Date.now()): Promise<string> {
    if (!state) throw new OAuthStateInvalidError();
    const [row] = await this.db.query<{ server_id: string; expires_at: Date }>(
      'DELETE FROM patchbay_oauth_states WHERE state_hash = $1 RETURNING server_id, expires_at',
      [hash(state)],
    );
    if (!row || row.expires_at.getTime() <= now) throw new OAuthStateInvalidError();
    return row.server_id;
  }

  async drop(serverId: string): Promise<void> {
    await this.db.query('DELETE FROM patchbay_oauth_states WHERE server_id = $1', [serverId]);
  }
}

const hash = (state: string): string => createHash('sha256').update(state).digest('hex');
