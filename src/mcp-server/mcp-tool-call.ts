import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { PatchbayError } from '../common/errors/catalogue';
import { processRedactor } from '../common/redact';
import { MCP_PROXY_TOOL } from '../tool-registry/tools/mcp-proxy.tool';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import type { ExecuteOptions, ToolArgs } from '../tool-registry/tool.types';
import { ExposedTool } from './mcp-tool-index';

export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Who the run log names as the caller of every call that came in over MCP. */
export const MCP_CALLER = 'mcp';

/**
 * Runs one tools/call through the tool registry (the one admission path: argument checks,
 * routes, timeouts, run log). A server's tool goes through the `mcp_tool` proxy. The
 * client's cancel aborts the call (and cancels it upstream); progress is passed back.
 */
export async function callExposedTool(
  registry: ToolRegistryService,
  exposed: ExposedTool,
  args: ToolArgs,
  extra: CallExtra,
): Promise<CallToolResult> {
  const options: ExecuteOptions = {
    caller: MCP_CALLER,
    signal: extra.signal,
    onProgress: progressSender(extra),
  };
  const { target } = exposed;
  try {
    const result =
      target.kind === 'registry'
        ? await registry.execute(target.name, args, options)
        : await registry.execute(
            MCP_PROXY_TOOL,
            { server_id: target.serverId, tool_name: target.toolName, args },
            options,
          );
    return processRedactor.redactDeep({
      content: result.content,
      ...(result.structured_content ? { structuredContent: result.structured_content } : {}),
      isError: result.is_error,
    });
  } catch (err) {
    if (!(err instanceof PatchbayError)) throw err;
    // A failed call is reported in the result, so the model can read it and adjust.
    return processRedactor.redactDeep({
      content: [{ type: 'text', text: `${err.code}: ${err.message}` }],
      isError: true,
    });
  }
}

function progressSender(extra: CallExtra): ExecuteOptions['onProgress'] {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (p) =>
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress: p.progress,
          ...(p.total !== null ? { total: p.total } : {}),
          ...(p.message !== null ? { message: p.message } : {}),
        },
      })
      .catch(() => undefined);
}
