import { Injectable } from '@nestjs/common';
import { ToolCatalog } from './tool-catalog';
import { ToolNotFoundError } from '../common/errors/catalogue';
import { ToolRoute, ToolRoutesStore } from './tool-routes.store';
import { Binding, RegisteredTool } from './tool.types';

/** Where a tool name leads right now: a route (MCP) wins over the local implementation. */
export type Target =
  | { kind: 'local'; name: string; tool: RegisteredTool }
  | { kind: 'mcp'; name: string; route: ToolRoute; local: RegisteredTool | undefined };

export const mcpBinding = (serverId: string, toolName: string): Binding => ({
  kind: 'mcp',
  server_id: serverId,
  tool_name: toolName,
});

export const bindingOf = (target: Target): Binding =>
  target.kind === 'local'
    ? { kind: 'local' }
    : mcpBinding(target.route.serverId, target.route.toolName);

@Injectable()
export class BindingResolver {
  constructor(
    private readonly catalog: ToolCatalog,
    private readonly routes: ToolRoutesStore,
  ) {}

  /** @throws ToolNotFoundError when the name has neither a local tool nor a route. */
  resolve(name: string): Target {
    const route = this.routes.get(name);
    const local = this.catalog.get(name);
    if (route) return { kind: 'mcp', name, route, local };
    if (local) return { kind: 'local', name, tool: local };
    throw new ToolNotFoundError(name);
  }

  /** Every name that can be invoked: local tools and route-only logical tools. */
  targets(): Target[] {
    const names = new Set([
      ...this.catalog.list().map((t) => t.name),
      ...this.routes.list().map((r) => r.tool),
    ]);
    return [...names].sort().map((name) => this.resolve(name));
  }
}
