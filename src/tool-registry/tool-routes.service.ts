import { Injectable } from '@nestjs/common';
import { ValidationFailedError, routeNotFound } from '../common/errors/catalogue';
import { AdmissionGate } from '../admission/admission-gate';
import { McpInvoker } from './mcp-invoker';
import { ToolRoute, ToolRoutesStore } from './tool-routes.store';
import { MCP_PROXY_TOOL } from './tools/mcp-proxy.tool';

/**
 * Binds logical tools to MCP server tools. A route is only stored when its target exists
 * now: unknown server → 404 `server_not_found`; the server has no such tool → 404
 * `tool_not_found` (the named thing does not exist, like an unknown server); a disabled
 * server → 409; a missing credential → 424 (the tool list cannot be checked).
 */
@Injectable()
export class ToolRoutesService {
  constructor(
    private readonly store: ToolRoutesStore,
    private readonly gate: AdmissionGate,
    private readonly invoker: McpInvoker,
  ) {}

  list(): ToolRoute[] {
    return this.store.list();
  }

  /** @throws route_not_found */
  get(tool: string): ToolRoute {
    const route = this.store.get(tool);
    if (!route) throw routeNotFound(tool);
    return route;
  }

  async set(route: ToolRoute): Promise<ToolRoute> {
    if (route.tool === MCP_PROXY_TOOL) {
      throw new ValidationFailedError(
        `"${MCP_PROXY_TOOL}" is the proxy itself and cannot be routed.`,
      );
    }
    await this.invoker.describe(this.gate.admit(route.serverId), route.toolName);
    return this.store.set(route);
  }

  /** @throws route_not_found */
  async remove(tool: string): Promise<void> {
    if (!(await this.store.remove(tool))) throw routeNotFound(tool);
  }
}
