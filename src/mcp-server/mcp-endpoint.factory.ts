import { Injectable } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { McpScope, scopePath } from './mcp-scope';
import { callExposedTool } from './mcp-tool-call';
import { ExposedTool, McpToolIndex } from './mcp-tool-index';

const SERVER_INFO = { name: 'patchbay', version: '0.1.0' };

/** What one downstream session remembers (never shared with another session). */
export interface SessionState {
  /** Fingerprint of the last tool list this session was sent; null before its first list. */
  lastListed: string | null;
}

export const fingerprint = (tools: ExposedTool[]): string =>
  JSON.stringify(tools.map((t) => t.tool));

/** Builds the SDK Server behind one downstream session of one endpoint. */
@Injectable()
export class McpEndpointFactory {
  constructor(
    private readonly index: McpToolIndex,
    private readonly registry: ToolRegistryService,
  ) {}

  create(scope: McpScope, state: SessionState): Server {
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: { listChanged: true } },
      instructions: `Patchbay ${scopePath(scope)}: tools of the MCP servers and the application wired into Patchbay.`,
    });
    server.setRequestHandler(ListToolsRequestSchema, async () => {
      await this.index.warm(scope);
      const tools = this.index.list(scope);
      state.lastListed = fingerprint(tools);
      return { tools: tools.map((t) => t.tool) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
      const exposed = await this.resolve(scope, req.params.name);
      return callExposedTool(this.registry, exposed, req.params.arguments ?? {}, extra);
    });
    return server;
  }

  /** The tool of that name on this endpoint; a toolset's endpoint offers only its own. */
  private async resolve(scope: McpScope, name: string): Promise<ExposedTool> {
    let found = this.index.find(scope, name);
    if (!found) {
      await this.index.warm(scope);
      found = this.index.find(scope, name);
    }
    if (!found) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}" on ${scopePath(scope)}.`);
    }
    return found;
  }
}
