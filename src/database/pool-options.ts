import type { PoolConfig } from 'pg';

/** An unreachable host fails the connect in 5 s instead of the kernel's ~2 min. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** A query with no answer for this long fails (its connection is dropped) instead of hanging. */
export const QUERY_TIMEOUT_MS = 30_000;
/** Migrations may rewrite big tables and wait for another replica's run: a longer bound. */
export const MIGRATION_QUERY_TIMEOUT_MS = 5 * 60_000;

/**
 * The server's side of keepalive (as the leader lock sets it): a peer that vanishes without
 * closing its socket loses its session after about 3 + 3 x 2 = 9 s instead of the kernel's hours.
 */
export const SERVER_KEEPALIVES =
  'SET tcp_keepalives_idle = 3; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3';

/** Options of every pool: bounded connect and query, TCP keepalive to notice a silent loss. */
export function poolOptions(
  url: string,
  max: number,
  queryTimeoutMs = QUERY_TIMEOUT_MS,
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
): PoolConfig {
  return {
    connectionString: url,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}
