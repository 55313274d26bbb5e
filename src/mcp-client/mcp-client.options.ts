import { BackoffPolicy, DEFAULT_BACKOFF } from './support/backoff';
import type { createTransport } from './transport/transport.factory';

/** Tunables of the MCP client; override the MCP_CLIENT_OPTIONS provider in tests. */
export interface McpClientOptions {
  backoff: BackoffPolicy;
  /** Calls in flight per server before the excess queues; default 16. */
  maxInFlight: number;
  /** Calls waiting per server before new ones are refused; default 256. */
  maxQueued: number;
  /** Upper bound for connecting and initializing; default 30 s (or the server's timeout, if lower). */
  connectTimeoutMs: number;
  /** Progress resets a call's timeout, but never beyond this many timeouts in total; default 10. */
  maxTotalTimeoutFactor: number;
  /** Largest message accepted from a stdio server; default 10 MiB. */
  maxMessageBytes: number;
  /** Quiet time after the last `tools/list_changed` before re-listing; default 100 ms. */
  toolsChangedDebounceMs: number;
  /** Replaces how transports are built (in-memory servers in unit specs). */
  transportFactory?: typeof createTransport;
}

export const MCP_CLIENT_OPTIONS = Symbol('MCP_CLIENT_OPTIONS');

export const DEFAULT_MCP_CLIENT_OPTIONS: McpClientOptions = {
  backoff: DEFAULT_BACKOFF,
  maxInFlight: 16,
  maxQueued: 256,
  connectTimeoutMs: 30_000,
  maxTotalTimeoutFactor: 10,
  maxMessageBytes: 10 * 1024 * 1024,
  toolsChangedDebounceMs: 100,
};
