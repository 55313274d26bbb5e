import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { PatchbayError, UpstreamFailure, upstreamError } from '../common/errors/catalogue';
import { processRedactor } from '../common/redact';
import type { ProcessExit } from './transport/process-stdio.transport';
import type { WireKind } from './transport/transport.factory';

/** Where a failure happened and what the session knew about it. */
export interface FailureContext {
  serverId: string;
  /** Unknown when the failure reached a caller unmapped (outside a session). */
  wire?: WireKind;
  phase: 'connect' | 'call' | 'list' | 'ping' | 'forward';
  timeoutMs?: number;
  exit?: ProcessExit | null;
  stderr?: string[];
}

const MAX_REASON = 300;

/**
 * The one place SDK, transport and spawn failures become domain errors, for every caller.
 * It decides which kind of failure it is; the catalogue holds each kind's code and wording.
 */
export function toPatchbayError(err: unknown, ctx: FailureContext): PatchbayError {
  if (err instanceof PatchbayError) return err;
  const [kind, text] = classify(err, ctx);
  return upstreamError(kind, ctx.serverId, text, baseDetails(ctx), err);
}

function classify(err: unknown, ctx: FailureContext): [UpstreamFailure, string] {
  const reason = reasonOf(err);
  const what = ctx.phase === 'connect' ? 'connecting' : `during ${ctx.phase}`;
  if (ctx.exit?.protocolError) return ['exit_protocol_error', ctx.exit.protocolError];
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) {
      return ctx.phase === 'connect' ? ['handshake_timeout', ''] : ['timeout', what];
    }
    if (err.code === ErrorCode.ConnectionClosed) return closed(ctx, reason, what);
    if (err.code === ErrorCode.InvalidParams && ctx.phase === 'call') {
      return ['rejected_arguments', reason];
    }
    if (ctx.phase === 'call' && err.code !== ErrorCode.MethodNotFound) {
      return ['call_failed', reason];
    }
    return ['error_answer', reason];
  }
  if (isSpawnError(err)) return ['spawn_failed', reason];
  if (ctx.phase === 'connect' || isTransportFailure(err)) return closed(ctx, reason, what);
  return ['broke_protocol', reason];
}

/** The wire closed: while connecting, the process or the peer could not be reached. */
function closed(ctx: FailureContext, reason: string, what: string): [UpstreamFailure, string] {
  const exit = describeExit(ctx.exit);
  if (ctx.phase === 'connect') {
    return [ctx.wire === 'stdio' ? 'spawn_closed' : 'connect_failed', exit ?? reason];
  }
  return ['connection_lost', `${what}${exit ? ` (${exit})` : ''}`];
}

/** Streamable HTTP: a 404 for a request carrying a session id means the session is gone. */
export function isSessionExpired(err: unknown): boolean {
  return err instanceof StreamableHTTPError && err.code === 404;
}

/** Failures of the wire itself (not of the server's answer): the session must be replaced. */
export function isTransportFailure(err: unknown): boolean {
  if (err instanceof StreamableHTTPError || err instanceof SseError) return true;
  if (err instanceof McpError) return err.code === ErrorCode.ConnectionClosed;
  return err instanceof TypeError && /fetch failed|terminated/i.test(err.message);
}

/** Streamable HTTP's 4xx on the first POST: an old server that speaks only HTTP+SSE. */
export function suggestsLegacySse(err: unknown): boolean {
  return (
    err instanceof StreamableHTTPError &&
    err.code !== undefined &&
    err.code >= 400 &&
    err.code < 500 &&
    err.code !== 401 &&
    err.code !== 403
  );
}

export function describeExit(exit: ProcessExit | null | undefined): string | null {
  if (!exit) return null;
  if (exit.protocolError) return exit.protocolError;
  if (exit.signal) return `the process was ended by ${exit.signal}`;
  return exit.code === null ? null : `the process exited with code ${exit.code}`;
}

function isSpawnError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR'].includes(code);
}

function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const clean = processRedactor.redact(text).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}

function baseDetails(ctx: FailureContext): Record<string, unknown> {
  const details: Record<string, unknown> = { server_id: ctx.serverId };
  if (ctx.wire) details.transport = ctx.wire;
  if (ctx.timeoutMs !== undefined) details.timeout_ms = ctx.timeoutMs;
  const exit = describeExit(ctx.exit);
  if (exit) details.exit = exit;
  if (ctx.stderr && ctx.stderr.length > 0) details.stderr_tail = ctx.stderr;
  return details;
}
