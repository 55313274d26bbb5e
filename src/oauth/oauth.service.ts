import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Subscription } from 'rxjs';
import {
  auth,
  discoverOAuthServerInfo,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { PatchbayError } from '../common/errors/patchbay.error';
import { processRedactor } from '../common/redact';
import { patchbayConfig } from '../config/patchbay.config';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { SecretsService } from '../secrets/secrets.service';
import { AuthorizationFlows } from './authorization-flows';
import {
  AuthorizationRequiredError,
  OAuthFailedError,
  oauthNotForStdio,
  oauthRefreshFailed,
} from '../common/errors/catalogue';
import { catchUpOnFlow, followReplicas, refreshLock } from './oauth-replicas';
import { OAuthStatusView, statusView } from './oauth-status';
import { OAuthVault } from './oauth-vault';
import { revokeTokens } from './revoke';
import { selectScope } from './scope-selection';
import { PASSIVE, ProviderFactory, settingsOf } from './provider-factory';
import { TokenKeeper } from './token-keeper';

const INVALID_GRANT = 'the authorization server refused the refresh token (invalid_grant)';

/**
 * Upstream OAuth for remote MCP servers, on the SDK's client auth (`auth()`): a provider per
 * server for the transports, the person-driven authorization (authorize, callback), status
 * and forgetting. Whether a server may be used is `authorizationProblem` (the one check).
 */
@Injectable()
export class OAuthService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OAuthService.name);
  readonly vault: OAuthVault;
  private readonly keeper: TokenKeeper;
  private readonly providers: ProviderFactory;
  private replicas?: Subscription;

  constructor(
    private readonly secrets: SecretsService,
    private readonly registry: IntegrationRegistryService,
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
    private readonly adapterHost: HttpAdapterHost,
    private readonly flows: AuthorizationFlows,
    @Optional() @Inject(DATABASE) db: Database | null = null,
  ) {
    this.vault = new OAuthVault(secrets);
    this.providers = new ProviderFactory(this.vault, secrets, () => this.publicUrl());
    this.keeper = new TokenKeeper(this.vault, {
      clientOf: (id) => this.vault.client(id),
      onRejected: (id, reason) => this.refuse(id, reason),
      log: (id, message) => this.logger.warn(processRedactor.redact(`server_id=${id} ${message}`)),
      ...refreshLock(db, secrets),
    });
  }

  /** Every stored token, client secret and verifier is masked from the start (reading masks). */
  onModuleInit(): void {
    for (const server of this.registry.listServers()) {
      this.vault.tokens(server.id);
      this.vault.client(server.id);
      this.vault.verifier(server.id);
    }
    this.replicas = followReplicas(this.secrets, this.vault, (id) => this.authorized(id, false));
  }

  onModuleDestroy(): void {
    this.replicas?.unsubscribe();
  }

  /** Whether OAuth applies: configured, or learnt from the server's 401 (discovery stored). */
  uses(server: McpServerConfig): boolean {
    if (server.transport === 'stdio') return false;
    return !!server.oauth || !!this.vault.discovery(server.id) || !!this.vault.tokens(server.id);
  }

  /** "Is it authorized?": null when the server may be used, else why not. */
  authorizationProblem(server: McpServerConfig): string | null {
    if (!this.uses(server)) return null;
    const stepUp = this.keeper.stepUpScope(server.id);
    if (stepUp) return `the server asks for the larger scope "${stepUp}"`;
    const refused = this.keeper.refusal(server.id);
    if (settingsOf(server).grantType === 'client_credentials') return refused ?? null;
    if (this.vault.tokens(server.id)) return null;
    return refused ?? 'not authorized yet';
  }

  /** @throws AuthorizationRequiredError (424) */
  assertAuthorized(server: McpServerConfig): void {
    const problem = this.authorizationProblem(server);
    if (problem) throw new AuthorizationRequiredError(server.id, problem);
  }

  /** The transports' provider; none for stdio, or for a server sending its own Authorization. */
  providerFor(server: McpServerConfig): OAuthClientProvider | undefined {
    if (server.transport === 'stdio') return undefined;
    const staticAuth = server.credentials.some((c) => c.header?.toLowerCase() === 'authorization');
    if (staticAuth && !server.oauth) return undefined;
    return this.providers.build(server, {
      keepVerifier: false,
      tokens: async () => {
        const tokens = await this.keeper.current(server);
        // A step-up needs a new grant: without the refresh token the SDK asks for one.
        if (!tokens || !this.keeper.stepUpScope(server.id)) return tokens;
        return { ...tokens, refresh_token: undefined };
      },
      onRedirect: (url) => this.needsPerson(server, url),
      // The SDK's own refresh on a 401 met invalid_grant: no retry loop, a person must act.
      onInvalidated: (scope) => {
        if (scope === 'tokens' || scope === 'all') this.keeper.refuse(server.id, INVALID_GRANT);
      },
    });
  }

  /**
   * Sees the server's answers (the transports' fetch): a 403 `insufficient_scope` asks for a
   * larger scope, which takes a person (step-up); the SDK then stops after one retry.
   */
  observe(server: McpServerConfig, response: Response): void {
    if (response.status !== 403 || !this.uses(server)) return;
    const { error, scope } = extractWWWAuthenticateParams(response);
    if (error !== 'insufficient_scope' || !scope) return;
    const held = this.vault.tokens(server.id)?.tokens.scope ?? '';
    const wanted = [...new Set(`${held} ${scope}`.split(' ').filter((s) => s.length > 0))];
    this.keeper.requireScope(server.id, wanted.join(' '));
  }

  status(server: McpServerConfig): OAuthStatusView {
    return statusView(server, this.uses(server), this.authorizationProblem(server), this.vault);
  }

  /** Starts an authorization: the URL to open, or null when no person is needed. */
  async authorize(server: McpServerConfig): Promise<{ authorization_url: string | null }> {
    if (server.transport === 'stdio') {
      throw oauthNotForStdio(server.id);
    }
    const state = await this.flows.start(server.id);
    let url: URL | undefined;
    const provider = this.providers.build(server, {
      state,
      keepVerifier: true,
      tokens: () => Promise.resolve(undefined), // always a fresh authorization
      onRedirect: (u) => void (url = u),
    });
    const result = await this.runAuth(server, provider);
    if (result === 'AUTHORIZED') this.authorized(server.id);
    return { authorization_url: url?.toString() ?? null };
  }

  /** The callback: exchanges the code (PKCE) and answers the server id. */
  async complete(query: {
    state?: string;
    code?: string;
    error?: string;
    error_description?: string;
  }) {
    const serverId = await this.flows.take(query.state);
    await catchUpOnFlow(this.secrets, serverId);
    const server = this.registry.getServer(serverId);
    if (query.error || !query.code) {
      const why = query.error_description ?? query.error ?? 'no code in the callback';
      throw new OAuthFailedError(serverId, `the authorization server answered: ${why}`);
    }
    const provider = this.providers.build(server, {
      keepVerifier: true,
      tokens: () => Promise.resolve(undefined),
      onRedirect: () => undefined,
    });
    await this.runAuth(server, provider, query.code);
    await this.vault.forget(serverId, ['verifier']);
    this.authorized(serverId);
    return serverId;
  }

  /** Forgets the tokens (revoking them where the authorization server supports it). */
  async forget(server: McpServerConfig): Promise<void> {
    const stored = this.vault.tokens(server.id);
    const discovery = this.vault.discovery(server.id);
    const client = this.providers.build(server, PASSIVE).clientInformation();
    if (stored && discovery && client) {
      await revokeTokens(stored.tokens, discovery, client).catch((err: unknown) =>
        this.logger.warn(
          processRedactor.redact(`server_id=${server.id} revocation failed: ${String(err)}`),
        ),
      );
    }
    await this.vault.forget(server.id, ['tokens', 'verifier']);
    this.keeper.clear(server.id);
    this.logger.log(`server_id=${server.id} OAuth authorization forgotten`);
    this.secrets.announce(server.id, 'oauth');
  }

  /**
   * A server was deleted (its stored tokens go with its other secrets): forgets what memory
   * holds of it, so a new server under the same id starts clean.
   */
  async serverDeleted(serverId: string): Promise<void> {
    this.keeper.forgetServer(serverId);
    await this.flows.drop(serverId);
  }

  /** Where browsers and authorization servers reach Patchbay. */
  publicUrl(): string {
    if (this.config.publicUrl) return this.config.publicUrl;
    const address = this.adapterHost.httpAdapter?.getHttpServer()?.address?.();
    const port = typeof address === 'object' && address ? address.port : this.config.port;
    return `http://127.0.0.1:${port}`;
  }

  /** Patchbay's client ID metadata document (served at CLIENT_METADATA_PATH). */
  clientMetadataDocument(): Record<string, unknown> {
    return this.providers.clientMetadataDocument();
  }

  private async runAuth(server: McpServerConfig, provider: OAuthClientProvider, code?: string) {
    try {
      const discovery = await this.discover(server);
      const settings = settingsOf(server);
      const stepUp = this.keeper.stepUpScope(server.id);
      const configured = stepUp ? [...settings.scopes, ...stepUp.split(' ')] : settings.scopes;
      const scope =
        settings.grantType === 'authorization_code'
          ? selectScope([...new Set(configured)], this.keeper.challengedScope(server.id), discovery)
          : settings.scopes.join(' ') || undefined;
      return await auth(provider, {
        serverUrl: server.url ?? '',
        ...(code !== undefined && { authorizationCode: code }),
        ...(scope && { scope }),
        ...(discovery?.resourceMetadataUrl && {
          resourceMetadataUrl: new URL(discovery.resourceMetadataUrl),
        }),
      });
    } catch (err) {
      if (err instanceof PatchbayError) throw err;
      const reason = processRedactor.redact(err instanceof Error ? err.message : String(err));
      throw new OAuthFailedError(server.id, reason, err);
    }
  }

  /** Discovery state, found and stored now when no 401 taught it yet (the SDK reuses it). */
  private async discover(server: McpServerConfig): Promise<OAuthDiscoveryState> {
    const known = this.vault.discovery(server.id);
    if (known) return known;
    const found = await discoverOAuthServerInfo(server.url ?? '');
    await this.vault.saveDiscovery(server.id, found);
    return found;
  }

  /** A background connect reached "a person must authorize": remember the scope, refuse. */
  private needsPerson(server: McpServerConfig, url: URL): never {
    this.keeper.rememberScope(server.id, url.searchParams.get('scope'));
    const stepUp = this.keeper.stepUpScope(server.id);
    if (!stepUp && this.vault.tokens(server.id)?.tokens.refresh_token) {
      // The refresh failed for a reason other than invalid_grant (5xx, network): retry later.
      throw oauthRefreshFailed(server.id);
    }
    const reason = stepUp
      ? `the server asks for the larger scope "${stepUp}"`
      : (this.keeper.refusal(server.id) ?? 'the server asks for OAuth authorization');
    this.refuse(server.id, reason);
    throw new AuthorizationRequiredError(server.id, reason);
  }

  private refuse(serverId: string, reason: string): void {
    this.keeper.refuse(serverId, reason);
    this.logger.warn(`server_id=${serverId} needs authorization: ${reason}`);
    // After the refusing error reached its caller: the announce closes the connection, which
    // would otherwise fail the call in flight as "connection lost" first.
    setImmediate(() => this.secrets.announce(serverId, 'oauth'));
  }

  /** Here, or (`here` false) tokens came or went on another replica. */
  private authorized(serverId: string, here = true): void {
    this.keeper.clear(serverId);
    if (here) this.logger.log(`server_id=${serverId} OAuth authorized`);
    this.secrets.announce(serverId, 'oauth');
  }
}
