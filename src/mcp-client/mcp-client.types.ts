import type {
  CallToolResult,
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  ListRootsRequest,
  ListRootsResult,
  ServerCapabilities,
  ServerNotification,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';

export type { CallToolResult, ServerCapabilities, ServerNotification, Tool };

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
  | { kind: 'call_failed'; serverId: string; error: string }
  /** A fresh tools/list answer (first use, reconnect, list_changed): tool pinning reads it. */
  | { kind: 'tools_listed'; serverId: string; tools: Tool[] }
  /** A server notification nothing in the client handles (resources, prompts, log messages). */
  | { kind: 'notification'; serverId: string; notification: ServerNotification };

/** A request passed through to a server as is (resources, prompts, completion, logging). */
export interface ForwardRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** A request a server sends to Patchbay's client: elicitation or sampling. */
export type ServerToClientRequest = ElicitRequest | CreateMessageRequest | ListRootsRequest;
export type ServerToClientResult = ElicitResult | CreateMessageResult | ListRootsResult;

/**
 * Answers a server's elicitation, sampling or roots/list request, usually by asking whoever caused it
 * (a downstream MCP client, a REST task); null when it has no one to ask. With no answer
 * at all, elicitation is declined, sampling refused and the roots are an empty list.
 */
export type ServerRequestHandler = (
  serverId: string,
  request: ServerToClientRequest,
  signal: AbortSignal,
) => Promise<ServerToClientResult> | null;
