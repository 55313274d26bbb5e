import { Injectable } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { AGGREGATE_CAPABILITIES, registerAggregatePassthrough } from './aggregate-passthrough';
import { McpForwarding } from './mcp-forwarding';
import { McpScope, scopePath } from './mcp-scope';
import { callExposedTool } from './mcp-tool-call';
import { ExposedTool, McpToolIndex } from './mcp-tool-index';
import { passthroughCapabilities, registerServerPassthrough } from './server-passthrough';
import { SessionState, fingerprint } from './session-state';
import { SharedUpstream } from './shared-upstream';
import { ServerRequestRouter } from './server-request-router';

const SERVER_INFO = { name: 'patchbay', version: '0.1.0' };
/**
 * How long an initialize on /mcp/servers/{id} waits for the server's handshake to learn
 * what to declare; after it the session offers tools only (capabilities cannot change).
 */
const PASSTHROUGH_CONNECT_WAIT_MS = 10_000;

/** Builds the SDK Server behind one downstream session of one endpoint. */
@Injectable()
export class McpEndpointFactory {
  constructor(
    private readonly index: McpToolIndex,
    private readonly registry: ToolRegistryService,
    private readonly fwd: McpForwarding,
    private readonly shared: SharedUpstream,
    private readonly router: ServerRequestRouter,
  ) {}

  async create(scope: McpScope, state: SessionState): Promise<Server> {
    const caps = await this.capabilities(scope);
    const server = new Server(SERVER_INFO, {
      capabilities: caps,
      instructions: `Patchbay ${scopePath(scope)}: tools of the MCP servers and the application wired into Patchbay.`,
    });
    this.registerTools(server, scope, state);
    if (scope.kind === 'all') registerAggregatePassthrough(server, this.fwd, state);
    if (scope.kind === 'server') {
      const deps = { fwd: this.fwd, shared: this.shared };
      registerServerPassthrough(server, scope.serverId, caps, deps, state);
    }
    return server;
  }

  /** A passthrough declares what its server declared (connecting it first, bounded). */
  private async capabilities(scope: McpScope): Promise<ServerCapabilities> {
    if (scope.kind === 'all') return AGGREGATE_CAPABILITIES;
    if (scope.kind === 'toolset') return { tools: { listChanged: true } };
    await this.index.warm(scope, PASSTHROUGH_CONNECT_WAIT_MS);
    return passthroughCapabilities(this.fwd.capabilities(scope.serverId));
  }

  private registerTools(server: Server, scope: McpScope, state: SessionState): void {
    server.setRequestHandler(ListToolsRequestSchema, async () => {
      await this.index.warm(scope);
      const tools = this.index.list(scope);
      state.lastListed = fingerprint(tools);
      return { tools: tools.map((t) => t.tool) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
      const exposed = await this.resolve(scope, req.params.name);
      const { target } = exposed;
      const serverId = target.kind === 'server' ? target.serverId : null;
      const call = { serverId, downstream: server, requestId: extra.requestId };
      return this.router.track(call, () =>
        callExposedTool(this.registry, exposed, req.params.arguments ?? {}, extra),
      );
    });
  }

  /** The tool of that name on this endpoint; a toolset's endpoint offers only its own. */
  private async resolve(scope: McpScope, name: string): Promise<ExposedTool> {
    let found = this.index.find(scope, name);
    if (!found) {
      await this.index.warm(scope);
      found = this.index.find(scope, name);
    }
    if (found) return found;
    // A passthrough lets the registry (and so the server) answer for a name it does not
    // list, as the server itself would: a tool result with isError, not a protocol error.
    if (scope.kind === 'server') {
      const tool = { name, inputSchema: { type: 'object' as const } };
      return { tool, target: { kind: 'server', serverId: scope.serverId, toolName: name } };
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}" on ${scopePath(scope)}.`);
  }
}
