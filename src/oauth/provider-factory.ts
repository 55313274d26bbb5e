import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { McpServerConfig, OAuthSettings } from '../integration-registry/mcp-server.types';
import type { SecretsService } from '../secrets/secrets.service';
import { OAuthVault } from './oauth-vault';
import { ProviderOptions, ServerAuthProvider } from './server-auth.provider';

export const CALLBACK_PATH = '/oauth/callback';
export const CLIENT_METADATA_PATH = '/oauth/client-metadata.json';
export const DEFAULT_SETTINGS: OAuthSettings = { grantType: 'authorization_code', scopes: [] };

/** What differs between the transports' provider and the person-driven flows. */
export type ProviderMode = Pick<
  ProviderOptions,
  'keepVerifier' | 'tokens' | 'onRedirect' | 'state' | 'onInvalidated'
>;

/** Reads only: no tokens handed out, no redirect taken, no verifier kept. */
export const PASSIVE: ProviderMode = {
  keepVerifier: false,
  tokens: () => Promise.resolve(undefined),
  onRedirect: () => undefined,
};

export function settingsOf(server: Pick<McpServerConfig, 'oauth'>): OAuthSettings {
  return server.oauth ?? DEFAULT_SETTINGS;
}

/** Builds each server's ServerAuthProvider: addresses under the public URL, secrets on demand. */
export class ProviderFactory {
  constructor(
    private readonly vault: OAuthVault,
    private readonly secrets: Pick<SecretsService, 'valueOf'>,
    private readonly publicUrl: () => string,
  ) {}

  build(server: McpServerConfig, mode: ProviderMode): ServerAuthProvider {
    return new ServerAuthProvider(this.options(server.id, settingsOf(server), mode, server));
  }

  /** Patchbay's client ID metadata document (served at CLIENT_METADATA_PATH). */
  clientMetadataDocument(): Record<string, unknown> {
    const base = this.publicUrl();
    const provider = new ServerAuthProvider(this.options('-', DEFAULT_SETTINGS, PASSIVE));
    return {
      client_id: `${base}${CLIENT_METADATA_PATH}`,
      ...provider.clientMetadata,
      client_uri: base,
    };
  }

  private options(
    serverId: string,
    settings: OAuthSettings,
    mode: ProviderMode,
    server?: McpServerConfig,
  ): ProviderOptions {
    const base = this.publicUrl();
    const interactive = settings.grantType === 'authorization_code';
    return {
      serverId,
      settings,
      vault: this.vault,
      redirectUrl: interactive ? `${base}${CALLBACK_PATH}` : undefined,
      clientMetadataUrl: `${base}${CLIENT_METADATA_PATH}`,
      clientSecret: this.credential(server, settings.clientSecret),
      privateKey: this.credential(server, settings.privateKey),
      onTokens: async (tokens: OAuthTokens) => void (await this.vault.saveTokens(serverId, tokens)),
      ...mode,
    };
  }

  /** A configured credential's value, read at the moment it is needed. */
  private credential(server: McpServerConfig | undefined, name: string | undefined) {
    if (!server || !name) return undefined;
    return () => this.secrets.valueOf(server, name)?.reveal();
  }
}
