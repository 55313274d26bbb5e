import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ClientEvent } from '../mcp-client/mcp-client.types';
import { ServerChange } from '../integration-registry/mcp-server.types';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { ToolsetsService } from '../toolsets/toolsets.service';
import { McpSessionsService } from './mcp-sessions.service';

/** Changes arriving together (a reconnect, then its tool list) make one check. */
const SETTLE_MS = 100;

/**
 * Watches everything a tool list depends on (server state and tools, server config,
 * routes, toolsets, tool pins) and has the sessions re-check their lists, so a server that went down
 * and came back reaches every downstream client as `notifications/tools/list_changed`.
 * Server notifications (resources, prompts, log messages) are relayed to the sessions.
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
    private readonly pins: ToolPinsService,
  ) {}

  onModuleInit(): void {
    const changed = () => this.schedule();
    this.subscriptions.add(this.client.events.subscribe((e) => this.onClientEvent(e)));
    this.subscriptions.add(this.servers.changes.subscribe((c) => this.onServerChange(c)));
    this.subscriptions.add(this.tools.changes.subscribe(changed));
    this.subscriptions.add(this.toolsets.changes.subscribe(changed));
    // A tool held or approved leaves or rejoins the listings.
    this.subscriptions.add(this.pins.changes.subscribe(changed));
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  private onServerChange(change: ServerChange): void {
    // A server just enabled has no connection yet: open it so its tools come to the sessions.
    if (change.after?.enabled && !change.before?.enabled) this.load(change.serverId);
    this.schedule();
  }

  private onClientEvent(event: ClientEvent): void {
    // A reconnect drops the cached list: load it so the server's tools come back.
    if (event.kind === 'connected') this.load(event.serverId);
    if (event.kind === 'notification') this.sessions.relay(event.serverId, event.notification);
    else if (event.kind !== 'call_ok' && event.kind !== 'call_failed') this.schedule();
  }

  private load(serverId: string): void {
    if (this.sessions.size > 0) this.client.listTools(serverId).catch(() => undefined);
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
