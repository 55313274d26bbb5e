import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

const REVOKE_TIMEOUT_MS = 5_000;

/**
 * RFC 7009 revocation, where the authorization server advertises an endpoint: the refresh
 * token (which ends the grant) and the access token. The SDK has no helper for this.
 */
export async function revokeTokens(
  tokens: OAuthTokens,
  discovery: OAuthDiscoveryState,
  client: OAuthClientInformationMixed,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  // OpenID discovery documents may carry it too, though the SDK's type leaves it out.
  const metadata = discovery.authorizationServerMetadata as
    { revocation_endpoint?: string } | undefined;
  const endpoint = metadata?.revocation_endpoint;
  if (!endpoint) return;
  const secret = 'client_secret' in client ? client.client_secret : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (secret) {
    const basic = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(secret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  const pairs: [string, string | undefined][] = [
    ['refresh_token', tokens.refresh_token],
    ['access_token', tokens.access_token],
  ];
  for (const [hint, token] of pairs) {
    if (!token) continue;
    const body = new URLSearchParams({ token, token_type_hint: hint });
    if (!secret) body.set('client_id', client.client_id);
    const response = await fetchFn(endpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`revocation answered HTTP ${response.status}`);
  }
}
