import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { PatchbayError } from '../common/errors/catalogue';
import { processRedactor } from '../common/redact';
import { ToolCancelledError } from '../common/errors/catalogue';

/**
 * Turns a failed MCP call into a domain error. The MCP client maps SDK failures itself;
 * this only catches what reaches us raw, and tells a cancellation (our own signal) apart
 * from a timeout, which the SDK reports with the same error code.
 */
export function toCallError(
  err: unknown,
  label: string,
  serverId: string,
  signal?: AbortSignal,
): PatchbayError {
  if (signal?.aborted) return new ToolCancelledError(label);
  if (err instanceof PatchbayError) return err;
  const details = { server_id: serverId, tool: label };
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) {
      return new PatchbayError(
        'mcp_timeout',
        `MCP server "${serverId}" did not answer "${label}" in time.`,
        details,
      );
    }
    if (err.code === ErrorCode.ConnectionClosed) {
      return new PatchbayError(
        'mcp_server_unavailable',
        `The connection to MCP server "${serverId}" closed during "${label}".`,
        details,
      );
    }
  }
  const reason = processRedactor.redact(err instanceof Error ? err.message : String(err));
  return new PatchbayError(
    'mcp_protocol_error',
    `MCP server "${serverId}" failed "${label}": ${reason.slice(0, 300)}`,
    details,
    { cause: err },
  );
}
