import { PatchbayError, PatchbayErrorCode } from '../patchbay.error';
import { processRedactor } from '../../redact';

/**
 * How an MCP server's failures read: one row per kind, its code and its wording. The SDK-error
 * mapper (mcp-client/mcp-client.errors.ts) only decides which row a failure is; `text` is the
 * part it knows (the reason, the phase, how the process ended).
 */
const UPSTREAM = {
  exit_protocol_error: ['mcp_protocol_error', (id, text) => `MCP server "${id}" ${text}.`],
  handshake_timeout: [
    'mcp_connect_failed',
    (id) => `MCP server "${id}" did not finish the MCP handshake in time.`,
  ],
  timeout: ['mcp_timeout', (id, text) => `MCP server "${id}" did not answer in time (${text}).`],
  rejected_arguments: [
    'invalid_arguments',
    (id, text) => `MCP server "${id}" rejected the arguments: ${text}`,
  ],
  call_failed: [
    'tool_execution_failed',
    (id, text) => `MCP server "${id}" failed the call: ${text}`,
  ],
  error_answer: [
    'mcp_protocol_error',
    (id, text) => `MCP server "${id}" answered with an error: ${text}`,
  ],
  spawn_failed: ['mcp_spawn_failed', (id, text) => `Could not start MCP server "${id}": ${text}`],
  spawn_closed: [
    'mcp_spawn_failed',
    (id, text) => `Could not connect to MCP server "${id}": ${text}`,
  ],
  connect_failed: [
    'mcp_connect_failed',
    (id, text) => `Could not connect to MCP server "${id}": ${text}`,
  ],
  connection_lost: [
    'mcp_connect_failed',
    (id, text) => `The connection to MCP server "${id}" was lost ${text}.`,
  ],
  broke_protocol: [
    'mcp_protocol_error',
    (id, text) => `MCP server "${id}" broke the protocol: ${text}`,
  ],
} satisfies Record<string, [PatchbayErrorCode, (serverId: string, text: string) => string]>;

export type UpstreamFailure = keyof typeof UPSTREAM;

export function upstreamError(
  kind: UpstreamFailure,
  serverId: string,
  text: string,
  details: Record<string, unknown>,
  cause: unknown,
): PatchbayError {
  const [code, wording] = UPSTREAM[kind];
  return new PatchbayError(code, processRedactor.redact(wording(serverId, text)), details, {
    cause,
  });
}

/** A tool call failed with something that is not a PatchbayError: a bug, kept for the log. */
export const callFailedUnexpectedly = (runId: string, cause: unknown) =>
  new PatchbayError(
    'internal_error',
    'The tool call failed unexpectedly.',
    { run_id: runId },
    { cause },
  );
