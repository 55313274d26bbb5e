import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ClientEvent } from '../mcp-client/mcp-client.types';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { ToolsetsService } from '../toolsets/toolsets.service';
import { McpSessionsService } from './mcp-sessions.service';

/** Changes arriving together (a reconnect, then its tool list) make one check. */
const SETTLE_MS = 100;

/**
 * Watches everything a tool list depends on (server state and tools, server config,
 * routes, toolsets) and has the sessions re-check their lists, so a server that went down
 * and came back reaches every downstream client as `notifications/tools/list_changed`.
 */
@Injectable()
export class McpListChanges implements OnModuleInit, OnModuleDestroy {
  private readonly subscriptions = new Subscription();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sessions: McpSessionsService,
    private readonly client: McpClientService,
    private readonly servers: IntegrationRegistryService,
    private readonly tools: ToolRegistryService,
    private readonly toolsets: ToolsetsService,
  ) {}

  onModuleInit(): void {
    const changed = () => this.schedule();
    this.subscriptions.add(this.client.events.subscribe((e) => this.onClientEvent(e)));
    this.subscriptions.add(this.servers.changes.subscribe(changed));
    this.subscriptions.add(this.tools.changes.subscribe(changed));
    this.subscriptions.add(this.toolsets.changes.subscribe(changed));
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  private onClientEvent(event: ClientEvent): void {
    if (event.kind === 'connected' && this.sessions.size > 0) {
      // A reconnect drops the cached list: load it so the server's tools come back.
      this.client.listTools(event.serverId).catch(() => undefined);
    }
    if (event.kind !== 'call_ok' && event.kind !== 'call_failed') this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.sessions.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sessions.notifyToolsChanged();
    }, SETTLE_MS);
    this.timer.unref();
  }
}
