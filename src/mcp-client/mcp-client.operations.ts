import { currentTraceparent } from '../common/tracing';
import { CallToolResultSchema, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { PatchbayError, outputMismatch, outputMissing } from '../common/errors/catalogue';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { McpClientOptions } from './mcp-client.options';
import {
  CallOptions,
  CallToolResult,
  ClientEvent,
  ForwardRequest,
  PingResult,
  Tool,
} from './mcp-client.types';
import { ServerSupervisor } from './server-supervisor';
import { withSession } from './supervised-call';

const MAX_TOTAL_TIMEOUT_MS = 60 * 60 * 1000;

export interface OperationContext {
  sup: ServerSupervisor;
  options: McpClientOptions;
  validator: jsonSchemaValidator;
  emit(event: ClientEvent): void;
}

/**
 * A tool call on the shared session. The timeout is the server's, which `options.timeoutMs`
 * may only shorten; progress resets it up to `maxTotalTimeoutFactor` timeouts in all. On
 * timeout or abort the SDK sends `notifications/cancelled` upstream.
 */
export async function callTool(
  ctx: OperationContext,
  server: McpServerConfig,
  toolName: string,
  args: Record<string, unknown>,
  options: CallOptions,
): Promise<CallToolResult> {
  const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? server.timeoutMs, server.timeoutMs));
  const maxTotal = Math.min(timeoutMs * ctx.options.maxTotalTimeoutFactor, MAX_TOTAL_TIMEOUT_MS);
  const started = performance.now();
  try {
    const result = await withSession(ctx.sup, {
      phase: 'call',
      timeoutMs,
      signal: options.signal,
      gated: true,
      onQueue: options.onQueue,
      run: (session, signal, remainingMs) =>
        session.client.request(
          { method: 'tools/call', params: { name: toolName, arguments: args, ...traceMeta() } },
          CallToolResultSchema,
          {
            signal,
            timeout: Math.max(1, remainingMs),
            resetTimeoutOnProgress: true,
            maxTotalTimeout: maxTotal,
            // Always ask for progress: it is what lets a long call keep its timeout alive.
            onprogress: (p) => options.onProgress?.(p),
          },
        ),
    });
    checkOutput(ctx, toolName, result);
    ctx.emit({ kind: 'call_ok', serverId: server.id, latencyMs: performance.now() - started });
    return result;
  } catch (err) {
    if (!options.signal?.aborted && err instanceof PatchbayError && reachedServer(err)) {
      ctx.emit({ kind: 'call_failed', serverId: server.id, error: err.message });
    }
    throw err;
  }
}

/** The caller's trace context in `_meta` (stdio has no headers); nothing when not tracing. */
function traceMeta(): { _meta?: { traceparent: string } } {
  const traceparent = currentTraceparent();
  return traceparent ? { _meta: { traceparent } } : {};
}

export function listTools(
  ctx: OperationContext,
  server: McpServerConfig,
  fresh = false,
): Promise<Tool[]> {
  // Routed calls look their schema up on every call: answer from the cache without a request.
  const cached = fresh ? null : ctx.sup.cachedTools();
  if (cached) return Promise.resolve(cached);
  return withSession(ctx.sup, {
    phase: 'list',
    timeoutMs: server.timeoutMs,
    gated: false,
    run: (session) => (fresh ? ctx.sup.reloadTools(session) : ctx.sup.toolsFor(session)),
  });
}

/**
 * Any other request on the shared session, answered as the server answered it (only the
 * JSON-RPC envelope is checked): resources, prompts, completion, logging.
 */
export function forward(
  ctx: OperationContext,
  server: McpServerConfig,
  request: ForwardRequest,
  options: Pick<CallOptions, 'signal' | 'timeoutMs'>,
): Promise<Record<string, unknown>> {
  const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? server.timeoutMs, server.timeoutMs));
  return withSession(ctx.sup, {
    phase: 'forward',
    timeoutMs,
    signal: options.signal,
    gated: true,
    run: (session, signal, remainingMs) =>
      session.client.request(request as never, ResultSchema, {
        signal,
        timeout: Math.max(1, remainingMs),
      }),
  });
}

export async function ping(ctx: OperationContext, timeoutMs: number): Promise<PingResult> {
  const started = performance.now();
  return withSession(ctx.sup, {
    phase: 'ping',
    timeoutMs,
    gated: false,
    check: true,
    run: async (session, signal, remainingMs, opened) => {
      await session.client.ping({ signal, timeout: Math.max(1, remainingMs) });
      return { latencyMs: performance.now() - started, newConnection: opened };
    },
  });
}

/** Structured output is checked against the tool's output schema (compiled once, cached). */
function checkOutput(ctx: OperationContext, toolName: string, result: CallToolResult): void {
  const schema = ctx.sup.cachedTool(toolName)?.outputSchema;
  if (!schema || result.isError) return;
  // As the SDK's Client.callTool: a tool that declares an output schema must send structure.
  if (result.structuredContent === undefined) throw outputMissing(ctx.sup.server.id, toolName);
  const verdict = ctx.validator.getValidator(schema)(result.structuredContent);
  if (!verdict.valid) {
    throw outputMismatch(ctx.sup.server.id, toolName, verdict.errorMessage ?? 'invalid');
  }
}

/** Failures that say something about the server's health (not the caller's input). */
function reachedServer(err: PatchbayError): boolean {
  return err.code !== 'invalid_arguments' && err.code !== 'mcp_server_unavailable';
}
