/** Domain types of the registry (camelCase); DTOs map them to the snake_case wire format. */
export type McpTransportKind = 'stdio' | 'sse' | 'streamable_http';
export type ServerSource = 'default' | 'config';

/** Where a credential goes when the server connects. */
export interface CredentialSpec {
  name: string;
  required: boolean;
  description?: string;
  /** stdio: the child's environment variable that receives the value. */
  env?: string;
  /** HTTP transports: the request header that receives the value. */
  header?: string;
  /** Header value template, `{value}` is replaced; default `{value}`. */
  format?: string;
}

export interface McpServerConfig {
  id: string;
  name: string;
  description: string;
  integrationId: string | null;
  transport: McpTransportKind;
  command?: string;
  args: string[];
  /** Non-secret environment for a stdio child; never shown by the API. */
  env: Record<string, string>;
  cwd?: string;
  url?: string;
  /** Non-secret extra headers for HTTP transports. */
  headers: Record<string, string>;
  enabled: boolean;
  enabledByDefault: boolean;
  source: ServerSource;
  credentials: CredentialSpec[];
  timeoutMs: number;
  /** Docs or package the launch comes from. */
  homepage?: string;
  /** Upstream OAuth settings from config; absent means discovered from a 401, if at all. */
  oauth?: OAuthSettings;
}

export interface OAuthSettings {
  grantType: 'authorization_code' | 'client_credentials';
  scopes: string[];
  clientId?: string;
  /** Name of the credential (store or env) holding the client secret. */
  clientSecret?: string;
  tokenEndpointAuthMethod?:
    'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt';
  /** private_key_jwt: name of the credential holding the PEM private key. */
  privateKey?: string;
  signingAlgorithm?: string;
}

/** Credentials that only Patchbay's OAuth client uses (never sent to the server itself). */
export function oauthCredentialNames(server: Pick<McpServerConfig, 'oauth'>): string[] {
  const o = server.oauth;
  return [o?.clientSecret, o?.privateKey].filter((n): n is string => n !== undefined);
}

export interface Integration {
  id: string;
  name: string;
  description: string;
  enabledByDefault: boolean;
  enabled: boolean;
  mcpServer: string | null;
}

/** A built-in server before the config overlay (enabled comes from enabledByDefault). */
export type DefaultServer = Omit<McpServerConfig, 'enabled' | 'source'>;

export interface DefaultIntegration {
  id: string;
  name: string;
  description: string;
  enabledByDefault: boolean;
  server: DefaultServer | null;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Why a server changed; listeners (client, health, events) react to this. */
export interface ServerChange {
  serverId: string;
  kind: 'added' | 'updated' | 'removed';
  before: McpServerConfig | null;
  after: McpServerConfig | null;
}
