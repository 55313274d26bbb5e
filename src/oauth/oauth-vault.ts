import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { processRedactor } from '../common/redact';

/** Where the vault keeps its entries: the encrypted credential store (SecretsService). */
export interface InternalSecrets {
  readInternal(serverId: string, name: string): string | undefined;
  writeInternal(serverId: string, name: string, value: string): Promise<void>;
  deleteInternal(serverId: string, name: string): Promise<void>;
}

/** Tokens as stored: the SDK keeps no expiry time, so Patchbay records it when they arrive. */
export interface StoredTokens {
  tokens: OAuthTokens;
  /** ISO time the access token expires, or null when the server gave no `expires_in`. */
  expires_at: string | null;
  obtained_at: string;
}

type Entry = 'tokens' | 'client' | 'verifier' | 'discovery';
/** The names the entries have in the credential store. */
export const VAULT_NAMES: Record<Entry, string> = {
  tokens: 'oauth.tokens',
  client: 'oauth.client',
  verifier: 'oauth.verifier',
  discovery: 'oauth.discovery',
};

/**
 * One server's OAuth material in the encrypted credential store: tokens, client
 * registration, PKCE verifier and discovery state. Every secret inside (tokens, client
 * secret, verifier) is registered with the process redactor when read or written.
 */
export class OAuthVault {
  constructor(private readonly secrets: InternalSecrets) {}

  tokens(serverId: string): StoredTokens | undefined {
    const stored = this.read<StoredTokens>(serverId, 'tokens');
    if (stored) maskTokens(stored.tokens);
    return stored;
  }

  async saveTokens(serverId: string, tokens: OAuthTokens, now = Date.now()): Promise<StoredTokens> {
    maskTokens(tokens);
    const expiresIn = tokens.expires_in;
    const stored: StoredTokens = {
      tokens,
      expires_at:
        typeof expiresIn === 'number' ? new Date(now + expiresIn * 1000).toISOString() : null,
      obtained_at: new Date(now).toISOString(),
    };
    await this.write(serverId, 'tokens', stored);
    return stored;
  }

  client(serverId: string): OAuthClientInformationMixed | undefined {
    const client = this.read<OAuthClientInformationMixed>(serverId, 'client');
    if (client && 'client_secret' in client && client.client_secret) mask(client.client_secret);
    return client;
  }

  saveClient(serverId: string, client: OAuthClientInformationMixed): Promise<void> {
    if ('client_secret' in client && client.client_secret) mask(client.client_secret);
    return this.write(serverId, 'client', client);
  }

  verifier(serverId: string): string | undefined {
    const verifier = this.read<string>(serverId, 'verifier');
    return verifier === undefined ? undefined : mask(verifier);
  }

  saveVerifier(serverId: string, verifier: string): Promise<void> {
    return this.write(serverId, 'verifier', mask(verifier));
  }

  discovery(serverId: string): OAuthDiscoveryState | undefined {
    return this.read<OAuthDiscoveryState>(serverId, 'discovery');
  }

  saveDiscovery(serverId: string, state: OAuthDiscoveryState): Promise<void> {
    return this.write(serverId, 'discovery', state);
  }

  async forget(serverId: string, entries: Entry[]): Promise<void> {
    for (const entry of entries) await this.secrets.deleteInternal(serverId, VAULT_NAMES[entry]);
  }

  private read<T>(serverId: string, entry: Entry): T | undefined {
    const text = this.secrets.readInternal(serverId, VAULT_NAMES[entry]);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined; // written by nothing we know; treated as absent
    }
  }

  private write(serverId: string, entry: Entry, value: unknown): Promise<void> {
    return this.secrets.writeInternal(serverId, VAULT_NAMES[entry], JSON.stringify(value));
  }
}

function maskTokens(tokens: OAuthTokens): void {
  mask(tokens.access_token);
  if (tokens.refresh_token) mask(tokens.refresh_token);
  if (tokens.id_token) mask(tokens.id_token);
}

function mask(value: string): string {
  processRedactor.add(value);
  return value;
}

/** A plain in-memory InternalSecrets, for the conformance CLI and unit specs. */
export class MemorySecrets implements InternalSecrets {
  private readonly map = new Map<string, string>();
  readInternal(serverId: string, name: string) {
    return this.map.get(`${serverId}/${name}`);
  }
  writeInternal(serverId: string, name: string, value: string) {
    this.map.set(`${serverId}/${name}`, value);
    return Promise.resolve();
  }
  deleteInternal(serverId: string, name: string) {
    this.map.delete(`${serverId}/${name}`);
    return Promise.resolve();
  }
}
