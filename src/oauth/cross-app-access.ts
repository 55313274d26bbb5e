import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';

/** Enterprise-managed authorization (SEP-990): the enterprise IdP and the user's ID token. */
export interface CrossAppAccess {
  idpTokenEndpoint: string;
  idpClientId: string;
  idToken: () => string | undefined;
}

/**
 * The token request of enterprise-managed authorization: exchange the ID token at the IdP for
 * an ID-JAG (RFC 8693), then present it to the MCP server's authorization server as a JWT
 * bearer grant (RFC 7523). The SDK has no helper for either step.
 */
export async function jwtBearerParams(
  access: CrossAppAccess,
  target: { audience: string; resource: string; scope?: string },
  fetchFn: FetchLike = fetch,
): Promise<URLSearchParams> {
  const idToken = access.idToken();
  if (!idToken) throw new Error('no ID token for enterprise-managed authorization');
  const exchange = new URLSearchParams({
    grant_type: TOKEN_EXCHANGE,
    subject_token: idToken,
    subject_token_type: ID_TOKEN,
    requested_token_type: ID_JAG,
    audience: target.audience,
    resource: target.resource,
    client_id: access.idpClientId,
    ...(target.scope && { scope: target.scope }),
  });
  const response = await fetchFn(access.idpTokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: exchange,
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(
      `the IdP refused the token exchange (${body.error ?? `HTTP ${response.status}`})`,
    );
  }
  const grant = new URLSearchParams({ grant_type: JWT_BEARER, assertion: body.access_token });
  if (target.scope) grant.set('scope', target.scope);
  return grant;
}
