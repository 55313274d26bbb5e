import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';

/** A JSON Schema document as plain data (validated with ajv, never trusted as typed). */
export type JsonSchema = Record<string, unknown>;

export type ToolArgs = Record<string, unknown>;

/** How a call ran: the local implementation or an MCP server's tool. */
export type Binding = { kind: 'local' } | { kind: 'mcp'; server_id: string; tool_name: string };

export interface ToolProgress {
  progress: number;
  total: number | null;
  message: string | null;
}

/** What a local handler returns: an MCP-shaped result. */
export interface ToolResult {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Handed to every local handler with the call. */
export interface ToolContext {
  /** Aborts on task cancellation or timeout; long handlers should watch it. */
  readonly signal: AbortSignal;
  /** Who asked: `http`, `task` or what the `execute()` caller passed. */
  readonly caller: string;
  reportProgress(progress: number, total?: number, message?: string): void;
  /**
   * Calls an MCP server's tool with this call's timeout, signal and progress; the
   * invocation's binding becomes that MCP tool. Arguments are checked against the server's
   * input schema first.
   */
  callMcp(serverId: string, toolName: string, args: ToolArgs): Promise<ToolResult>;
}

/**
 * A local handler may return a full {@link ToolResult} or any JSON value; a plain value
 * becomes one text block (its JSON) and, when it is an object, the structured content.
 */
export type ToolHandler = (args: ToolArgs, ctx: ToolContext) => unknown;

export interface ToolDefinition {
  /** Unique across the registry; letters, digits, `_ - . /`, at most 128 characters. */
  name: string;
  /** Shown in listings. Default: `''`. */
  description?: string;
  /** JSON Schema of the arguments. Default: `{"type": "object"}` (any object). */
  inputSchema?: JsonSchema;
  /**
   * Local time limit in ms; the body's `timeout_ms` may shorten it. Default 60000.
   * `0` means no local limit (for tools that only wait on MCP calls, which carry their own).
   */
  timeoutMs?: number;
  handler: ToolHandler;
}

/** A definition after registration: defaults filled, handler wrapped. */
export interface RegisteredTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  timeoutMs: number;
  run(args: ToolArgs, ctx: ToolContext): Promise<ToolResult>;
}

export interface ExecuteOptions {
  /** Shortens the call's time limit (never lengthens a server's `timeout_ms`). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ToolProgress) => void;
  /** Told `true` when the call waits for one of the server's in-flight slots, `false` once it has one. */
  onQueue?: (queued: boolean) => void;
  /** Recorded in the run log. Default `internal`. */
  caller?: string;
  /** How deeply playbooks triggered this call (carried to its `tool_run.finished` event). */
  playbookDepth?: number;
}

/** The answer of one invocation, as the invoke route returns it. */
export interface InvokeResult {
  tool: string;
  binding: Binding;
  is_error: boolean;
  content: ContentBlock[];
  structured_content: Record<string, unknown> | null;
  duration_ms: number;
  run_id: string;
}
