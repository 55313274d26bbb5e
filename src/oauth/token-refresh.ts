import { refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  InvalidGrantError,
  OAuthError,
  ServerError,
  TemporarilyUnavailableError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  OAuthClientInformationMixed,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Delays between attempts when the token endpoint fails with a 5xx or the network. */
export const REFRESH_RETRY_DELAYS_MS = [250, 1_000, 3_000];
/**
 * One attempt's limit: a token endpoint that never answers counts as a failed attempt rather
 * than holding the refresh (and, in database mode, its advisory lock and connection) forever.
 */
export const REFRESH_ATTEMPT_TIMEOUT_MS = 10_000;

/** A refresh token is refreshed this long before expiry (a tenth of a short lifetime). */
export function refreshDue(expiresAt: string | null, obtainedAt: string, now = Date.now()) {
  if (!expiresAt) return false;
  const end = Date.parse(expiresAt);
  const lifetime = end - Date.parse(obtainedAt);
  const margin = Math.min(60_000, Math.max(0, lifetime / 10));
  return now >= end - margin;
}

export type RefreshOutcome =
  | { kind: 'refreshed'; tokens: OAuthTokens }
  /** The authorization server refused the grant (invalid_grant): a person must authorize again. */
  | { kind: 'rejected'; reason: string }
  /** 5xx or network, after every retry: keep the tokens, try again later. */
  | { kind: 'unavailable'; reason: string };

export interface RefreshInput {
  refreshToken: string;
  discovery: OAuthDiscoveryState;
  client: OAuthClientInformationMixed;
  fetchFn: FetchLike;
  delays?: number[];
  timeoutMs?: number;
}

/**
 * One refresh with the SDK's `refreshAuthorization` (the `resource` parameter included, as
 * RFC 8707 asks on refresh too), retried with backoff on 5xx and network errors.
 */
export async function refreshWithRetry(input: RefreshInput): Promise<RefreshOutcome> {
  const { discovery } = input;
  const resource = discovery.resourceMetadata?.resource;
  const delays = input.delays ?? REFRESH_RETRY_DELAYS_MS;
  const fetchFn = withTimeout(input.fetchFn, input.timeoutMs ?? REFRESH_ATTEMPT_TIMEOUT_MS);
  let last = '';
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await wait(delays[attempt - 1]);
    try {
      const tokens = await refreshAuthorization(discovery.authorizationServerUrl, {
        metadata: discovery.authorizationServerMetadata,
        clientInformation: input.client,
        refreshToken: input.refreshToken,
        resource: resource ? new URL(resource) : undefined,
        fetchFn,
      });
      return { kind: 'refreshed', tokens };
    } catch (err) {
      if (err instanceof InvalidGrantError) {
        return {
          kind: 'rejected',
          reason: `the authorization server refused the refresh token (invalid_grant${describe(err)})`,
        };
      }
      last = err instanceof Error ? err.message : String(err);
      if (!transient(err)) return { kind: 'rejected', reason: `the token refresh failed: ${last}` };
    }
  }
  return { kind: 'unavailable', reason: `the token endpoint is unavailable: ${last}` };
}

/** Each request (and the reading of its answer) gives up after `ms`. */
function withTimeout(fetchFn: FetchLike, ms: number): FetchLike {
  return (url, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetchFn(url, { ...init, signal });
  };
}

function transient(err: unknown): boolean {
  if (err instanceof ServerError || err instanceof TemporarilyUnavailableError) return true;
  // A non-JSON 5xx or a network failure is not an OAuthError.
  return !(err instanceof OAuthError);
}

function describe(err: OAuthError): string {
  return err.message ? `: ${err.message}` : '';
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
