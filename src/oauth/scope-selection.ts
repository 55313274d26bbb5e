import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';

/**
 * The scope of an interactive authorization, in the spec's order: configured scopes, else
 * the 401's `WWW-Authenticate` scope, else the resource's `scopes_supported`, else none;
 * plus `offline_access` when the authorization server offers it, so a refresh token comes
 * back (SEP-2207). The SDK applies the same order but does not add `offline_access`.
 */
export function selectScope(
  configured: string[],
  challenged: string | undefined,
  discovery: OAuthDiscoveryState | undefined,
): string | undefined {
  const base =
    configured.join(' ') ||
    challenged ||
    discovery?.resourceMetadata?.scopes_supported?.join(' ') ||
    '';
  const words = base.split(' ').filter((w) => w.length > 0);
  const offered = discovery?.authorizationServerMetadata?.scopes_supported ?? [];
  if (offered.includes('offline_access') && !words.includes('offline_access')) {
    words.push('offline_access');
  }
  return words.length > 0 ? words.join(' ') : undefined;
}
