import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Observable, Subject, Subscription } from 'rxjs';
import { AdmissionGate, AdmittedServer } from '../admission/admission-gate';
import { serverShuttingDown } from '../common/errors/catalogue';
import { patchbayConfig } from '../config/patchbay.config';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig, ServerChange } from '../integration-registry/mcp-server.types';
import { OAuthService } from '../oauth/oauth.service';
import { SecretsService } from '../secrets/secrets.service';
import { callTool, forward, listTools, OperationContext, ping } from './mcp-client.operations';
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
  ForwardRequest,
  PingResult,
  ServerCapabilities,
  ServerRequestHandler,
  Tool,
} from './mcp-client.types';
import { ServerSupervisor, SupervisorDeps } from './server-supervisor';
import { createSupervisorDeps } from './support/supervisor-deps';
import { launchChanged } from './support/launch-config';

/** A server id (admitted here) or a server the execution path admitted already. */
export type ServerRef = string | AdmittedServer;

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
    private readonly gate: AdmissionGate,
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

  /**
   * Calls a tool; a result with `isError` is returned, not thrown. A server id is admitted
   * here; an AdmittedServer (the execution path admitted it) is not checked again.
   * @throws PatchbayError
   */
  async callTool(
    target: ServerRef,
    toolName: string,
    args: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<CallToolResult> {
    const server = this.admitted(target);
    return callTool(this.context(server), server, toolName, args, options);
  }

  /**
   * The server's tools, cached per connection; `fresh` asks the server again (the health
   * job does, so a definition changed without `list_changed` is noticed). @throws PatchbayError
   */
  async listTools(target: ServerRef, options: { fresh?: boolean } = {}): Promise<Tool[]> {
    const server = this.admitted(target);
    return listTools(this.context(server), server, options.fresh === true);
  }

  /**
   * Adds someone who may answer servers' elicitation and sampling requests; handlers are
   * asked in the order added and return null to pass.
   */
  addServerRequestHandler(handler: ServerRequestHandler): void {
    this.deps.serverRequests = [...(this.deps.serverRequests ?? []), handler];
  }

  /**
   * Passes a request other than a tool call to the server on the shared connection
   * (resources, prompts, completion, logging) and returns its result. @throws PatchbayError
   */
  async request(
    target: ServerRef,
    request: ForwardRequest,
    options: Pick<CallOptions, 'signal' | 'timeoutMs'> = {},
  ): Promise<Record<string, unknown>> {
    const server = this.admitted(target);
    return forward(this.context(server), server, request, options);
  }

  /** What the server declared at the handshake of the open connection, or null. */
  serverCapabilities(serverId: string): ServerCapabilities | null {
    const session = this.supervisors.get(serverId)?.openSession();
    return session?.client.getServerCapabilities() ?? null;
  }

  /**
   * The open connection's cached tool list, or null (not connected, or not loaded yet):
   * never a round trip, so a listing built from it cannot stall on a server.
   */
  cachedTools(serverId: string): Tool[] | null {
    return this.supervisors.get(serverId)?.cachedTools() ?? null;
  }

  /** Checks the server: connects now even while backing off, then pings. @throws PatchbayError */
  async ping(target: ServerRef, options: { timeoutMs?: number } = {}): Promise<PingResult> {
    const server = this.admitted(target);
    return ping(this.context(server), options.timeoutMs ?? server.timeoutMs);
  }

  connectionInfo(serverId: string): ConnectionInfo {
    const sup = this.supervisors.get(serverId);
    return sup?.info() ?? { state: 'idle', lastError: null, nextRetryAt: null, pid: null };
  }

  /** Calls holding one of the server's slots now (for metrics). */
  inFlight(serverId: string): number {
    return this.supervisors.get(serverId)?.gate.inFlight ?? 0;
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

  /** Admission is the gate's; the client only refuses new work while shutting down. */
  private admitted(target: ServerRef): AdmittedServer {
    if (this.closing) throw serverShuttingDown(typeof target === 'string' ? target : target.id);
    return typeof target === 'string' ? this.gate.admit(target) : target;
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
