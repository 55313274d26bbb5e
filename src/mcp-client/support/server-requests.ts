import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type {
  ServerRequestHandler,
  ServerToClientRequest,
  ServerToClientResult,
} from '../mcp-client.types';

/**
 * A server request with no downstream client to ask: elicitation is declined (the server
 * can go on without the input); sampling is refused with a message saying why; roots/list
 * is an empty list (Patchbay itself shares no folders).
 */
export function answerUnrouted(
  serverId: string,
  request: ServerToClientRequest,
): Promise<ServerToClientResult> {
  if (request.method === 'elicitation/create') return Promise.resolve({ action: 'decline' });
  if (request.method === 'roots/list') return Promise.resolve({ roots: [] });
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
): Promise<ServerToClientResult> {
  for (const handler of handlers) {
    const answer = handler(serverId, request, signal);
    if (answer) return answer;
  }
  return answerUnrouted(serverId, request);
}
