import type { McpServerConfig } from '../integration-registry/mcp-server.types';
import { OAuthVault } from './oauth-vault';

/** `GET .../oauth` (API.md "Upstream OAuth"); never a token. */
export interface OAuthStatusView {
  state: 'authorized' | 'needs_authorization' | 'not_required';
  scopes: string[];
  expires_at: string | null;
  client_id: string | null;
  registration: 'pre_registered' | 'metadata_document' | 'dynamic' | null;
  authorization_server: string | null;
  grant_type: 'authorization_code' | 'client_credentials';
  /** Why a person must act, when state is needs_authorization. */
  reason: string | null;
}

export function statusView(
  server: McpServerConfig,
  uses: boolean,
  problem: string | null,
  vault: OAuthVault,
): OAuthStatusView {
  const stored = vault.tokens(server.id);
  const client = server.oauth?.clientId
    ? { client_id: server.oauth.clientId }
    : vault.client(server.id);
  const discovery = vault.discovery(server.id);
  const scope = stored?.tokens.scope ?? server.oauth?.scopes.join(' ') ?? '';
  return {
    state: !uses ? 'not_required' : problem ? 'needs_authorization' : 'authorized',
    scopes: scope.split(' ').filter((s) => s.length > 0),
    expires_at: stored?.expires_at ?? null,
    client_id: client?.client_id ?? null,
    registration: registrationOf(server, client?.client_id),
    authorization_server: discovery?.authorizationServerUrl ?? null,
    grant_type: server.oauth?.grantType ?? 'authorization_code',
    reason: uses ? problem : null,
  };
}

function registrationOf(server: McpServerConfig, clientId: string | undefined) {
  if (server.oauth?.clientId) return 'pre_registered';
  if (!clientId) return null;
  return /^https:\/\//.test(clientId) ? 'metadata_document' : 'dynamic';
}
