import { Injectable } from '@nestjs/common';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { ToolsetsService } from '../toolsets/toolsets.service';
import { McpScope } from './mcp-scope';
import { mcpSafeName, serverToolName } from './tool-names';

/** A tool as an endpoint shows it, and what a call on it runs. */
export interface ExposedTool {
  tool: McpTool;
  target:
    { kind: 'registry'; name: string } | { kind: 'server'; serverId: string; toolName: string };
}

/** How long a listing waits for servers whose tools are not cached yet (fail open after). */
export const LIST_WAIT_MS = 1_000;
const WARM_STATES = new Set(['idle', 'connecting', 'connected']);

/**
 * Builds each endpoint's tool list from cached listings only: the registry's tools and
 * every enabled server's cached tools. A server that is down has no cache and is left
 * out; one not loaded yet is warmed in the background (its tools arrive with list_changed).
 */
@Injectable()
export class McpToolIndex {
  constructor(
    private readonly tools: ToolRegistryService,
    private readonly client: McpClientService,
    private readonly servers: IntegrationRegistryService,
    private readonly toolsets: ToolsetsService,
    private readonly pins: ToolPinsService,
  ) {}

  /** The endpoint's listing: tools whose pin holds them (changed or new) are left out. */
  list(scope: McpScope): ExposedTool[] {
    return this.exposed(scope, true);
  }

  /** Held tools are still found, so a call on one is refused as tool_changed, not unknown. */
  find(scope: McpScope, name: string): ExposedTool | undefined {
    return this.exposed(scope, false).find((t) => t.tool.name === name);
  }

  private exposed(scope: McpScope, withoutHeld: boolean): ExposedTool[] {
    if (scope.kind === 'server') {
      return this.serverTools(scope.serverId, (_s, t) => mcpSafeName(t), withoutHeld);
    }
    const all = this.aggregate(withoutHeld);
    if (scope.kind === 'all') return all;
    const wanted = new Set(this.toolsets.find(scope.toolsetId)?.tools ?? []);
    return all.filter((t) => wanted.has(t.tool.name));
  }

  /** Loads the listings of the scope's servers that are up but not cached; bounded wait. */
  async warm(scope: McpScope, waitMs = LIST_WAIT_MS): Promise<void> {
    const ids = scope.kind === 'server' ? [scope.serverId] : this.enabledServerIds();
    const loads = ids
      .filter((id) => this.client.cachedTools(id) === null)
      .filter((id) => WARM_STATES.has(this.client.connectionInfo(id).state))
      .map((id) => this.client.listTools(id).catch(() => undefined));
    if (loads.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.all(loads), wait]);
    clearTimeout(timer);
  }

  private aggregate(withoutHeld: boolean): ExposedTool[] {
    const out = new Map<string, ExposedTool>();
    for (const view of this.tools.listToolsCached()) {
      if (!view.available) continue;
      const name = mcpSafeName(view.name);
      const tool = { name, description: view.description, inputSchema: view.input_schema };
      out.set(name, { tool: tool as McpTool, target: { kind: 'registry', name: view.name } });
    }
    for (const id of this.enabledServerIds()) {
      for (const t of this.serverTools(id, serverToolName, withoutHeld)) {
        if (!out.has(t.tool.name)) out.set(t.tool.name, t);
      }
    }
    return [...out.values()];
  }

  private serverTools(
    serverId: string,
    naming: (s: string, t: string) => string,
    withoutHeld: boolean,
  ): ExposedTool[] {
    let listed = this.client.cachedTools(serverId) ?? [];
    if (withoutHeld && listed.length > 0) {
      const held = new Set(this.pins.heldTools(serverId));
      if (held.size > 0) listed = listed.filter((t) => !held.has(t.name));
    }
    return listed.map((t) => ({
      tool: { ...t, name: naming(serverId, t.name) },
      target: { kind: 'server', serverId, toolName: t.name },
    }));
  }

  private enabledServerIds(): string[] {
    return this.servers
      .listServers()
      .filter((s) => s.enabled)
      .map((s) => s.id);
  }
}
