import { Injectable } from '@nestjs/common';
import { SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from '../../common/ids';
import { McpTool } from '../mcp-tool.decorator';
import { ToolArgs, ToolContext, ToolResult } from '../tool.types';

export const MCP_PROXY_TOOL = 'mcp_tool';

interface ProxyArgs {
  server_id: string;
  tool_name: string;
  args?: ToolArgs;
}

/** The proxy: calls any tool of any enabled MCP server; its binding is the tool it called. */
@Injectable()
export class McpProxyTool {
  @McpTool({
    name: MCP_PROXY_TOOL,
    description:
      "Calls a tool of an MCP server: {server_id, tool_name, args}. The args are checked against that tool's own input schema.",
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['server_id', 'tool_name'],
      properties: {
        server_id: { type: 'string', pattern: SERVER_ID_PATTERN.source },
        tool_name: { type: 'string', pattern: TOOL_NAME_PATTERN.source },
        args: { type: 'object', description: 'Arguments of the server tool. Default {}.' },
      },
    },
    // The MCP call carries the server's timeout_ms (or the caller's shorter one).
    timeoutMs: 0,
  })
  call(args: ToolArgs, ctx: ToolContext): Promise<ToolResult> {
    const { server_id, tool_name, args: inner } = args as unknown as ProxyArgs;
    return ctx.callMcp(server_id, tool_name, inner ?? {});
  }
}
