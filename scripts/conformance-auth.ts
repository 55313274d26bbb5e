/**
 * Headless OAuth for the conformance CLI: Patchbay's own provider (src/oauth) on an
 * in-memory vault, with a "browser" that follows the authorization URL itself (the suite's
 * authorization server approves without a person) and keeps the code for the exchange.
 */
import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { McpServerConfig, OAuthSettings } from '../src/integration-registry/mcp-server.types';
import { MemorySecrets, OAuthVault } from '../src/oauth/oauth-vault';
import { ServerAuthProvider } from '../src/oauth/server-auth.provider';
import { TokenKeeper } from '../src/oauth/token-keeper';

/** The client ID metadata document URL the suite expects a client to use. */
const CONFORMANCE_CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';
const REDIRECT_URL = 'http://127.0.0.1:3000/oauth/callback';

interface ConformanceContext {
  client_id?: string;
  client_secret?: string;
  private_key_pem?: string;
  signing_algorithm?: string;
  idp_client_id?: string;
  idp_id_token?: string;
  idp_token_endpoint?: string;
}

export interface HeadlessAuth {
  provider: ServerAuthProvider;
  /** After a failure: exchanges a code the "browser" brought back; false when there was none. */
  finish(): Promise<boolean>;
}

/** `scenario`: the suite's name for it; machine-to-machine ones use client_credentials. */
export function headlessAuth(
  server: McpServerConfig,
  contextJson?: string,
  scenario = '',
): HeadlessAuth {
  const context = parseContext(contextJson);
  const vault = new OAuthVault(new MemorySecrets());
  const enterprise = scenario.startsWith('auth/cross-app-access');
  const machine = scenario.startsWith('auth/client-credentials') || enterprise;
  const settings: OAuthSettings = {
    grantType: machine ? 'client_credentials' : 'authorization_code',
    scopes: [],
    ...(context.client_id && { clientId: context.client_id }),
    ...(context.private_key_pem && { tokenEndpointAuthMethod: 'private_key_jwt' as const }),
    ...(context.signing_algorithm && { signingAlgorithm: context.signing_algorithm }),
  };
  const keeper: TokenKeeper = new TokenKeeper(vault, {
    clientOf: () => provider.clientInformation(),
    onRejected: () => undefined,
    log: (id, message) => console.error(`[warn] ${id}: ${message}`),
  });
  const state = randomBytes(16).toString('base64url');
  let code: string | undefined;
  let redirects = 0;
  const provider: ServerAuthProvider = new ServerAuthProvider({
    serverId: server.id,
    settings,
    vault,
    redirectUrl: machine ? undefined : REDIRECT_URL,
    clientMetadataUrl: CONFORMANCE_CLIENT_METADATA_URL,
    clientSecret: context.client_secret ? () => context.client_secret : undefined,
    privateKey: context.private_key_pem ? () => context.private_key_pem : undefined,
    ...(enterprise && {
      crossAppAccess: {
        idpTokenEndpoint: context.idp_token_endpoint ?? '',
        idpClientId: context.idp_client_id ?? '',
        idToken: () => context.idp_id_token,
      },
    }),
    state,
    keepVerifier: true,
    tokens: () => keeper.current(server),
    // Two requests can meet a 401 at once (a connect and its SSE fallback), so two flows may
    // overlap; the SDK saves each flow's PKCE verifier just before its redirect, so only the
    // code of the latest redirect matches the verifier kept.
    onRedirect: async (url) => {
      const mine = ++redirects;
      const got = await followAsBrowser(url, state);
      if (mine === redirects) code = got;
    },
  });
  return {
    provider,
    finish: async () => {
      if (!code) return false;
      const authorizationCode = code;
      code = undefined;
      const result = await auth(provider, { serverUrl: server.url ?? '', authorizationCode });
      return result === 'AUTHORIZED';
    },
  };
}

/** Opens the authorization URL and reads the code from the redirect to our callback. */
async function followAsBrowser(url: URL, state: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  await response.body?.cancel();
  const location = response.headers.get('location');
  if (!location)
    throw new Error(`the authorization endpoint answered ${response.status}, no redirect`);
  const back = new URL(location, url);
  if (back.searchParams.get('state') !== state) throw new Error('the state came back changed');
  const code = back.searchParams.get('code');
  if (!code)
    throw new Error(`authorization refused: ${back.searchParams.get('error') ?? 'no code'}`);
  return code;
}

function parseContext(text: string | undefined): ConformanceContext {
  if (!text) return {};
  try {
    return JSON.parse(text) as ConformanceContext;
  } catch {
    return {};
  }
}
