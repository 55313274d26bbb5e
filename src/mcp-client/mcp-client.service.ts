import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Observable, Subject, Subscription } from 'rxjs';
import { PatchbayError, ServerDisabledError } from '../common/errors/patchbay.error';
import { patchbayConfig } from '../config/patchbay.config';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig, ServerChange } from '../integration-registry/mcp-server.types';
import { OAuthService } from '../oauth/oauth.service';
import { SecretsService } from '../secrets/secrets.service';
import { callTool, listTools, OperationContext, ping } from './mcp-client.operations';
import {
  DEFAULT_MCP_CLIENT_OPTIONS,
  MCP_CLIENT_OPTIONS,
  McpClientOptions,
} from './mcp-client.options';
import {
  CallOptions,
  CallToolResult,
  ClientEvent,
  ConnectionInfo,
  PingResult,
  Tool,
} from './mcp-client.types';
import { ServerSupervisor, SupervisorDeps } from './server-supervisor';
import { createSupervisorDeps } from './support/supervisor-deps';
import { launchChanged } from './support/launch-config';

/**
 * The one way Patchbay talks to MCP servers: one supervised, long-lived client per enabled
 * server, opened on first use and shared by concurrent calls; closed (process group and all)
 * when the server is disabled, its launch changes, its credentials change, or on shutdown.
 */
@Injectable()
export class McpClientService implements OnModuleDestroy {
  private readonly logger = new Logger(McpClientService.name);
  private readonly supervisors = new Map<string, ServerSupervisor>();
  private closing = false;
  private readonly emitted = new Subject<ClientEvent>();
  private readonly subscriptions = new Subscription();
  private readonly options: McpClientOptions;
  private readonly deps: SupervisorDeps;

  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly oauth: OAuthService,
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() @Inject(MCP_CLIENT_OPTIONS) options?: Partial<McpClientOptions>,
  ) {
    this.options = { ...DEFAULT_MCP_CLIENT_OPTIONS, ...options };
    this.deps = createSupervisorDeps(this.options, {
      launchDir: config.launchDir,
      resolveCredentials: async (server) => ({
        ...(await this.secrets.resolve(server)),
        authProvider: this.oauth.providerFor(server),
        onResponse: (response: Response) => this.oauth.observe(server, response),
      }),
      emit: (event) => this.emitted.next(event),
      log: (level, serverId, message) => this.logger[level](`server_id=${serverId} ${message}`),
    });
    this.subscriptions.add(this.registry.changes.subscribe((c) => this.onServerChange(c)));
    this.subscriptions.add(this.secrets.changes.subscribe((c) => void this.close(c.serverId)));
  }

  get events(): Observable<ClientEvent> {
    return this.emitted.asObservable();
  }

  /** Calls a tool; a result with `isError` is returned, not thrown. @throws PatchbayError */
  async callTool(
    serverId: string,
    toolName: string,
    args: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<CallToolResult> {
    const server = this.usable(serverId);
    return callTool(this.context(server), server, toolName, args, options);
  }

  /** The server's tools, cached per connection. @throws PatchbayError */
  async listTools(serverId: string): Promise<Tool[]> {
    const server = this.usable(serverId);
    return listTools(this.context(server), server);
  }

  /** Checks the server: connects now even while backing off, then pings. @throws PatchbayError */
  async ping(serverId: string, options: { timeoutMs?: number } = {}): Promise<PingResult> {
    const server = this.usable(serverId);
    return ping(this.context(server), options.timeoutMs ?? server.timeoutMs);
  }

  /** Why the server cannot be used until a person authorizes it (OAuth), or null. */
  authorizationProblem(server: McpServerConfig): string | null {
    return this.oauth.authorizationProblem(server);
  }

  connectionInfo(serverId: string): ConnectionInfo {
    const sup = this.supervisors.get(serverId);
    return sup?.info() ?? { state: 'idle', lastError: null, nextRetryAt: null, pid: null };
  }

  /** Closes the server's connection and ends its process group; the next use reconnects. */
  async close(serverId: string): Promise<void> {
    const sup = this.supervisors.get(serverId);
    if (!sup) return;
    this.supervisors.delete(serverId);
    await sup.close();
    this.emitted.next({ kind: 'disconnected', serverId, error: null });
  }

  async onModuleDestroy(): Promise<void> {
    // From here on nothing may start a process that no one would stop.
    this.closing = true;
    this.subscriptions.unsubscribe();
    await Promise.all([...this.supervisors.keys()].map((id) => this.close(id)));
    this.emitted.complete();
  }

  private onServerChange(change: ServerChange): void {
    const sup = this.supervisors.get(change.serverId);
    if (!sup) return;
    if (change.kind === 'removed' || !change.after || launchChanged(sup.server, change.after)) {
      void this.close(change.serverId);
    } else {
      sup.server = change.after; // name, description or timeout: the connection stays
    }
  }

  private usable(serverId: string): McpServerConfig {
    if (this.closing) {
      throw new PatchbayError('mcp_server_unavailable', 'Patchbay is shutting down.', {
        server_id: serverId,
      });
    }
    const server = this.registry.getServer(serverId);
    if (!server.enabled) throw new ServerDisabledError(serverId);
    this.secrets.assertConfigured(server);
    // The one "is it authorized?" check (OAuth); the admission gate may take it over.
    this.oauth.assertAuthorized(server);
    return server;
  }

  private context(server: McpServerConfig): OperationContext {
    let sup = this.supervisors.get(server.id);
    if (!sup) {
      sup = new ServerSupervisor(server, this.deps);
      this.supervisors.set(server.id, sup);
    }
    const { options, deps } = this;
    return { sup, options, validator: deps.validator, emit: deps.emit };
  }
}
