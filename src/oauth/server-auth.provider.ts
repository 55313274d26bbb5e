import type {
  AddClientAuthentication,
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { createPrivateKeyJwtAuth } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthSettings } from '../integration-registry/mcp-server.types';
import { CrossAppAccess, jwtBearerParams } from './cross-app-access';
import { OAuthVault } from './oauth-vault';

export type InvalidatedScope = 'all' | 'client' | 'tokens' | 'verifier' | 'discovery';

export interface ProviderOptions {
  serverId: string;
  settings: OAuthSettings;
  vault: OAuthVault;
  /** Where the authorization server sends the browser back; unset for client_credentials. */
  redirectUrl?: string;
  /** Patchbay's client ID metadata document (used only when it is https, as the spec asks). */
  clientMetadataUrl?: string;
  /** The configured client secret, read when needed (never kept here). */
  clientSecret?: () => string | undefined;
  /** Enterprise-managed authorization (SEP-990) instead of client_credentials. */
  crossAppAccess?: CrossAppAccess;
  /** private_key_jwt: the configured PEM key, read when needed. */
  privateKey?: () => string | undefined;
  /** The `state` of an interactive authorization. */
  state?: string;
  /** Interactive flows keep the PKCE verifier; a background connect must not overwrite it. */
  keepVerifier: boolean;
  /** Current tokens; the service refreshes them before expiry (single-flight). */
  tokens: () => Promise<OAuthTokens | undefined>;
  onTokens?: (tokens: OAuthTokens) => Promise<void>;
  /** The SDK wants a person to authorize: capture the URL, or refuse in the background. */
  onRedirect: (url: URL) => void | Promise<void>;
  onInvalidated?: (scope: InvalidatedScope) => void;
}

/**
 * The SDK's OAuthClientProvider for one server, backed by the encrypted vault. The SDK's
 * `auth()` does discovery, registration, PKCE and the token requests; this class only says
 * where things are kept and what happens when a person is needed.
 */
export class ServerAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl?: string;

  constructor(private readonly o: ProviderOptions) {
    if (o.clientMetadataUrl?.startsWith('https://')) this.clientMetadataUrl = o.clientMetadataUrl;
  }

  get redirectUrl(): string | undefined {
    return this.o.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return clientMetadataFor(this.o.redirectUrl, this.o.settings, !!this.o.clientSecret?.());
  }

  /** private_key_jwt (RFC 7523) with the SDK's signer (on jose), when a key is configured. */
  get addClientAuthentication(): AddClientAuthentication | undefined {
    const pem = this.o.privateKey?.();
    const clientId = this.o.settings.clientId;
    if (!pem || !clientId) return undefined;
    const alg = this.o.settings.signingAlgorithm ?? 'RS256';
    return createPrivateKeyJwtAuth({ issuer: clientId, subject: clientId, privateKey: pem, alg });
  }

  state(): string {
    return this.o.state ?? '';
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const { clientId } = this.o.settings;
    if (clientId) {
      const secret = this.o.clientSecret?.();
      const method = this.o.settings.tokenEndpointAuthMethod;
      return {
        client_id: clientId,
        ...(secret && { client_secret: secret }),
        ...(method && { token_endpoint_auth_method: method }),
      };
    }
    return this.o.vault.client(this.o.serverId);
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    if (this.o.settings.clientId) return; // pre-registered: config is the source of truth
    await this.o.vault.saveClient(this.o.serverId, info);
  }

  tokens(): Promise<OAuthTokens | undefined> {
    return this.o.tokens();
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    if (this.o.onTokens) await this.o.onTokens(tokens);
    else await this.o.vault.saveTokens(this.o.serverId, tokens);
  }

  redirectToAuthorization(url: URL): void | Promise<void> {
    return this.o.onRedirect(url);
  }

  async saveCodeVerifier(verifier: string): Promise<void> {
    if (this.o.keepVerifier) await this.o.vault.saveVerifier(this.o.serverId, verifier);
  }

  codeVerifier(): string {
    const verifier = this.o.vault.verifier(this.o.serverId);
    if (!verifier)
      throw new Error('No PKCE code verifier is stored; start the authorization again.');
    return verifier;
  }

  async prepareTokenRequest(scope?: string): Promise<URLSearchParams | undefined> {
    if (this.o.settings.grantType !== 'client_credentials') return undefined;
    if (this.o.crossAppAccess) {
      const discovery = this.o.vault.discovery(this.o.serverId);
      const audience =
        discovery?.authorizationServerMetadata?.issuer ?? discovery?.authorizationServerUrl;
      const resource = discovery?.resourceMetadata?.resource;
      if (!audience || !resource)
        throw new Error('enterprise-managed authorization needs discovery');
      return jwtBearerParams(this.o.crossAppAccess, { audience, resource, scope });
    }
    const params = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) params.set('scope', scope);
    return params;
  }

  async invalidateCredentials(scope: InvalidatedScope): Promise<void> {
    const { vault, serverId } = this.o;
    if (scope === 'all') await vault.forget(serverId, ['tokens', 'client', 'verifier']);
    if (scope === 'client') await vault.forget(serverId, ['client']);
    if (scope === 'tokens') await vault.forget(serverId, ['tokens']);
    if (scope === 'verifier') await vault.forget(serverId, ['verifier']);
    if (scope === 'discovery') await vault.forget(serverId, ['discovery']);
    this.o.onInvalidated?.(scope);
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.o.vault.saveDiscovery(this.o.serverId, state);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.o.vault.discovery(this.o.serverId);
  }
}

/** What Patchbay registers as (dynamic registration) and publishes (metadata document). */
export function clientMetadataFor(
  redirectUrl: string | undefined,
  settings: Pick<OAuthSettings, 'grantType' | 'scopes' | 'tokenEndpointAuthMethod'>,
  confidential: boolean,
): OAuthClientMetadata {
  const interactive = settings.grantType === 'authorization_code';
  return {
    client_name: 'Patchbay',
    redirect_uris: redirectUrl ? [redirectUrl] : [],
    grant_types: interactive ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
    response_types: interactive ? ['code'] : [],
    token_endpoint_auth_method:
      settings.tokenEndpointAuthMethod ?? (confidential ? 'client_secret_basic' : 'none'),
    ...(settings.scopes.length > 0 && { scope: settings.scopes.join(' ') }),
  };
}
