import { Injectable } from '@nestjs/common';
import {
  PatchbayError,
  ServerDisabledError,
  ServerNotFoundError,
} from '../common/errors/patchbay.error';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { CredentialsMissingError } from '../secrets/secrets.errors';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { AuthorizationRequiredError } from '../oauth/oauth.errors';
import { SecretsService } from '../secrets/secrets.service';
import { ToolCatalog } from './tool-catalog';
import { ToolNotFoundError } from './tool-registry.errors';
import { ToolRoute, ToolRoutesStore } from './tool-routes.store';
import { Binding, RegisteredTool } from './tool.types';

/** Where a tool name leads right now: a route (MCP) wins over the local implementation. */
export type Target =
  | { kind: 'local'; name: string; tool: RegisteredTool }
  | { kind: 'mcp'; name: string; route: ToolRoute; local: RegisteredTool | undefined };

export interface ServerProblem {
  error: PatchbayError;
  reason: string;
}

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
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly client: McpClientService,
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

  /** Why a server cannot take calls now (missing, disabled, credential missing), or null. */
  serverProblem(serverId: string): ServerProblem | null {
    const server = this.registry.findServer(serverId);
    if (!server) {
      return {
        error: new ServerNotFoundError(serverId),
        reason: `MCP server "${serverId}" does not exist.`,
      };
    }
    if (!server.enabled) {
      return {
        error: new ServerDisabledError(serverId),
        reason: `MCP server "${serverId}" is disabled.`,
      };
    }
    const missing = this.secrets.missingRequired(server);
    if (missing.length > 0) {
      const error = new CredentialsMissingError(serverId, missing);
      return { error, reason: error.message };
    }
    const unauthorized = this.client.authorizationProblem(server);
    if (!unauthorized) return null;
    const error = new AuthorizationRequiredError(serverId, unauthorized);
    return { error, reason: error.message };
  }

  /**
   * The error a routed tool answers while its server cannot take calls; a vanished server
   * is a conflict of the route with the config (409), never a silent fallback to local.
   */
  routeProblem(route: ToolRoute): ServerProblem | null {
    const problem = this.serverProblem(route.serverId);
    if (!problem || problem.error.code !== 'server_not_found') return problem;
    const reason = `Tool "${route.tool}" is routed to MCP server "${route.serverId}", which does not exist; change or delete the route.`;
    return {
      error: new PatchbayError('conflict', reason, {
        tool: route.tool,
        server_id: route.serverId,
      }),
      reason,
    };
  }
}
