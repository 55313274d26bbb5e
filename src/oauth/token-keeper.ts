import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../integration-registry/mcp-server.types';
import { OAuthVault, StoredTokens } from './oauth-vault';
import { refreshDue, refreshWithRetry } from './token-refresh';

export interface KeeperHooks {
  clientOf(serverId: string): OAuthClientInformationMixed | undefined;
  /** The authorization server refused the refresh (invalid_grant): a person must act. */
  onRejected(serverId: string, reason: string): void;
  log(serverId: string, message: string): void;
  fetch?: FetchLike;
  /** Backoff between token endpoint attempts (default REFRESH_RETRY_DELAYS_MS). */
  retryDelaysMs?: number[];
  /**
   * Database mode: runs `work` holding the server's refresh lock across replicas, after which
   * `reload` re-reads the stored tokens (another replica may have refreshed them meanwhile).
   */
  exclusive?: <T>(serverId: string, work: () => Promise<T>) => Promise<T>;
  reload?: (serverId: string) => Promise<void>;
}

/**
 * Hands out each server's access token, refreshing it shortly before it expires: one
 * refresh per server at a time (every request that finds the token due waits for the same
 * one; with `exclusive`, one across replicas too). Also remembers why a server needs a person, and the scope a 401 asked for.
 */
export class TokenKeeper {
  private readonly inflight = new Map<string, Promise<OAuthTokens | undefined>>();
  private readonly refusals = new Map<string, string>();
  private readonly scopes = new Map<string, string>();
  private readonly stepUps = new Map<string, string>();
  /** Refreshes done per server (tests and status read it). */
  readonly refreshes = new Map<string, number>();

  constructor(
    private readonly vault: OAuthVault,
    private readonly hooks: KeeperHooks,
  ) {}

  current(server: McpServerConfig): Promise<OAuthTokens | undefined> {
    const stored = this.vault.tokens(server.id);
    if (!stored) return Promise.resolve(undefined);
    if (!stored.tokens.refresh_token || !refreshDue(stored.expires_at, stored.obtained_at)) {
      return Promise.resolve(stored.tokens);
    }
    let running = this.inflight.get(server.id);
    if (!running) {
      running = this.refresh(server.id, stored).finally(() => this.inflight.delete(server.id));
      this.inflight.set(server.id, running);
    }
    return running;
  }

  refusal(serverId: string): string | undefined {
    return this.refusals.get(serverId);
  }

  refuse(serverId: string, reason: string): void {
    this.refusals.set(serverId, reason);
  }

  clear(serverId: string): void {
    this.refusals.delete(serverId);
    this.stepUps.delete(serverId);
  }

  /** Drops all that is remembered of a deleted server (a new one may take its id). */
  forgetServer(serverId: string): void {
    this.clear(serverId);
    this.scopes.delete(serverId);
    this.refreshes.delete(serverId);
  }

  /** A 403 insufficient_scope: the tokens stay, but a person must grant `scope` (step-up). */
  requireScope(serverId: string, scope: string): void {
    this.stepUps.set(serverId, scope);
    this.scopes.set(serverId, scope);
  }

  stepUpScope(serverId: string): string | undefined {
    return this.stepUps.get(serverId);
  }

  rememberScope(serverId: string, scope: string | null): void {
    if (scope) this.scopes.set(serverId, scope);
  }

  challengedScope(serverId: string): string | undefined {
    return this.scopes.get(serverId);
  }

  private refresh(serverId: string, stored: StoredTokens): Promise<OAuthTokens | undefined> {
    const { exclusive, reload } = this.hooks;
    if (!exclusive) return this.refreshNow(serverId, stored);
    return exclusive(serverId, async () => {
      await reload?.(serverId);
      const fresh = this.vault.tokens(serverId);
      if (!fresh?.tokens.refresh_token || !refreshDue(fresh.expires_at, fresh.obtained_at)) {
        return fresh?.tokens; // refreshed (or forgotten) by another replica while we waited
      }
      return this.refreshNow(serverId, fresh);
    });
  }

  private async refreshNow(
    serverId: string,
    stored: StoredTokens,
  ): Promise<OAuthTokens | undefined> {
    const discovery = this.vault.discovery(serverId);
    const client = this.hooks.clientOf(serverId);
    if (!discovery || !client || !stored.tokens.refresh_token) return stored.tokens;
    const outcome = await refreshWithRetry({
      refreshToken: stored.tokens.refresh_token,
      discovery,
      client,
      fetchFn: this.hooks.fetch ?? fetch,
      delays: this.hooks.retryDelaysMs,
    });
    this.refreshes.set(serverId, (this.refreshes.get(serverId) ?? 0) + 1);
    if (outcome.kind === 'refreshed') {
      // Stamped like the SDK stamps what it saves, so it is bound to this authorization server.
      const issuer = String(discovery.authorizationServerUrl);
      const saved = await this.vault.saveTokens(serverId, {
        ...outcome.tokens,
        issuer,
      } as OAuthTokens);
      return saved.tokens;
    }
    if (outcome.kind === 'unavailable') {
      this.hooks.log(serverId, `token refresh postponed: ${outcome.reason}`);
      return stored.tokens;
    }
    await this.vault.forget(serverId, ['tokens']);
    this.hooks.onRejected(serverId, outcome.reason);
    return undefined;
  }
}
