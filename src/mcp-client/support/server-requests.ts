import {
  CreateMessageResult,
  ElicitResult,
  ErrorCode,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerRequestHandler, ServerToClientRequest } from '../mcp-client.types';

/**
 * A server request with no downstream client to ask: elicitation is declined (the server
 * can go on without the input); sampling is refused with a message saying why.
 */
export function answerUnrouted(
  serverId: string,
  request: ServerToClientRequest,
): Promise<ElicitResult | CreateMessageResult> {
  if (request.method === 'elicitation/create') return Promise.resolve({ action: 'decline' });
  return Promise.reject(
    new McpError(
      ErrorCode.InvalidRequest,
      `Patchbay cannot sample for MCP server "${serverId}": no connected MCP client that supports sampling made this call.`,
    ),
  );
}

/** The first handler that takes the request answers it; none: {@link answerUnrouted}. */
export function answerServerRequest(
  handlers: ServerRequestHandler[],
  serverId: string,
  request: ServerToClientRequest,
  signal: AbortSignal,
): Promise<ElicitResult | CreateMessageResult> {
  for (const handler of handlers) {
    const answer = handler(serverId, request, signal);
    if (answer) return answer;
  }
  return answerUnrouted(serverId, request);
}
