import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

export type { CallToolResult, Tool };

export interface CallOptions {
  /** Shortens (never lengthens) the server's `timeout_ms`. */
  timeoutMs?: number;
  /** Aborting cancels the call upstream (`notifications/cancelled`). */
  signal?: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Told `true` when the call waits for one of the server's in-flight slots, `false` once it has one. */
  onQueue?: (queued: boolean) => void;
}

export interface PingResult {
  latencyMs: number;
  /** True when this ping had to open the connection (the tool list may have changed). */
  newConnection: boolean;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'failed' | 'closed';

export interface ConnectionInfo {
  state: ConnectionState;
  lastError: string | null;
  nextRetryAt: Date | null;
  pid: number | null;
  /** The wire in use: a streamable_http server may have fallen back to sse. */
  transport?: 'stdio' | 'streamable_http' | 'sse' | null;
}

/** What the client observed; health listens so real calls update status at once. */
export type ClientEvent =
  | { kind: 'connected'; serverId: string }
  | { kind: 'disconnected'; serverId: string; error: string | null }
  | { kind: 'call_ok'; serverId: string; latencyMs: number }
  | { kind: 'call_failed'; serverId: string; error: string };
