import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Observable, Subject, Subscription } from 'rxjs';
import { processRedactor } from '../common/redact';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig, ServerChange } from '../integration-registry/mcp-server.types';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ClientEvent } from '../mcp-client/mcp-client.types';
import { SecretsService } from '../secrets/secrets.service';
import {
  GATED,
  GateState,
  HealthRecord,
  applyCall,
  applyCheck,
  applyConnected,
  applyDisconnected,
  applyGate,
  clearGate,
  markConnecting,
  needsToolList,
} from './health-status.rules';
import { HealthStatusStore, RecordChange } from './health-status.store';
import { McpServerIndicator } from './mcp-server.indicator';
import { HealthCheckEntry, ServerCounts, ServerState, ServerStatus } from './server-status.types';

/** A check never waits longer than this, whatever the server's `timeout_ms`. */
export const CHECK_TIMEOUT_CAP_MS = 10_000;
/** A ping slower than this (or half the check timeout, if less) makes a server `degraded`. */
export const SLOW_PING_MS = 2_000;

interface Gate {
  state: GateState;
  error: string | null;
}

/**
 * The health facade: each server's status, checks on demand, and a stream of changes.
 * Real calls, connections, registry edits and credential changes update the status at once;
 * the scheduled job (HealthCheckJob) calls `checkNow` for the rest.
 */
@Injectable()
export class HealthStatusService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HealthStatusService.name);
  private readonly changed = new Subject<string>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly subscriptions = new Subscription();
  private stopping = false;

  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly client: McpClientService,
    private readonly store: HealthStatusStore,
    private readonly indicator: McpServerIndicator,
  ) {}

  /** Emits a server id whenever that server's status changes (not on every check). */
  get changes(): Observable<string> {
    return this.changed.asObservable();
  }

  onModuleInit(): void {
    this.subscriptions.add(this.registry.changes.subscribe((c) => this.onServerChange(c)));
    this.subscriptions.add(
      this.secrets.changes.subscribe((c) => {
        const server = this.registry.findServer(c.serverId);
        if (server) this.refreshGate(server);
      }),
    );
    this.subscriptions.add(this.client.events.subscribe((e) => this.onClientEvent(e)));
  }

  onModuleDestroy(): void {
    // Runs before the client closes its servers: a check cut short by shutdown is not news.
    this.stopping = true;
    this.subscriptions.unsubscribe();
    this.changed.complete();
  }

  /** @throws ServerNotFoundError */
  getStatus(serverId: string): ServerStatus {
    const server = this.registry.getServer(serverId);
    const { status } = this.store.peek(serverId);
    const gate = this.gateOf(server);
    if (gate) {
      return { ...status, ...gate, latencyMs: null, consecutiveFailures: 0, nextCheckAt: null };
    }
    // A gate lifted a moment ago and not yet seen by an event: nothing is known yet.
    const stale = GATED.has(status.state);
    let state: ServerState = stale ? 'unknown' : status.state;
    if (state === 'unknown' && this.client.connectionInfo(serverId).state === 'connecting') {
      state = 'connecting';
    }
    const error = stale ? null : status.error;
    return { ...status, state, error, nextCheckAt: this.store.nextCheckAt };
  }

  /** Checks the server now (joining a check already running) and answers its status. */
  async checkNow(
    serverId: string,
    source: HealthCheckEntry['source'] = 'manual',
  ): Promise<ServerStatus> {
    const server = this.registry.getServer(serverId);
    if (this.refreshGate(server)) {
      let running = this.inflight.get(server.id);
      if (!running) {
        running = this.runCheck(server, source).finally(() => this.inflight.delete(server.id));
        this.inflight.set(server.id, running);
      }
      await running;
    }
    return this.getStatus(serverId);
  }

  /** The server's recent checks, newest first. @throws ServerNotFoundError */
  history(serverId: string): HealthCheckEntry[] {
    this.registry.getServer(serverId);
    return this.store.history(serverId);
  }

  /** Every server counted by state. */
  countByState(): ServerCounts {
    const servers = this.registry.listServers();
    const byState: Partial<Record<ServerState, number>> = {};
    for (const s of servers) {
      const state = this.getStatus(s.id).state;
      byState[state] = (byState[state] ?? 0) + 1;
    }
    return { total: servers.length, by_state: byState };
  }

  /**
   * Records `disabled` / `needs_credentials` without touching the client, or lifts them.
   * @returns whether the server may be checked (enabled, credentials present)
   */
  refreshGate(server: McpServerConfig): boolean {
    const gate = this.gateOf(server);
    this.update(server.id, (r) => (gate ? applyGate(r, gate.state, gate.error) : clearGate(r)));
    return gate === null;
  }

  private async runCheck(server: McpServerConfig, source: HealthCheckEntry['source']) {
    const id = server.id;
    this.update(id, markConnecting);
    const timeoutMs = Math.min(server.timeoutMs, CHECK_TIMEOUT_CAP_MS);
    const listTools = needsToolList(this.store.peek(id));
    const result = await this.indicator.pingCheck(id, { timeoutMs, listTools });
    const details = result[id];
    if (this.stopping) return;
    // Disabled or removed while the probe ran: that state wins over a late answer.
    const current = this.registry.findServer(id);
    if (!current || !this.refreshGate(current)) return;
    const outcome = {
      ok: details.status === 'up',
      latencyMs: details.latency_ms,
      toolCount: details.tool_count ?? undefined,
      error: details.message,
      source,
    };
    const slowMs = Math.min(SLOW_PING_MS, Math.round(timeoutMs / 2));
    this.update(id, (r) => applyCheck(r, outcome, new Date(), slowMs));
  }

  private onServerChange(change: ServerChange): void {
    if (change.after === null) {
      if (this.store.delete(change.serverId)) this.changed.next(change.serverId);
      return;
    }
    this.refreshGate(change.after);
  }

  private onClientEvent(e: ClientEvent): void {
    const server = this.registry.findServer(e.serverId);
    if (!server || this.gateOf(server)) return;
    const now = new Date();
    if (e.kind === 'connected') this.update(e.serverId, (r) => applyConnected(r, now));
    if (e.kind === 'call_ok') this.update(e.serverId, (r) => applyCall(r, true, null, now));
    if (e.kind === 'call_failed') {
      const error = processRedactor.redact(e.error);
      this.update(e.serverId, (r) => applyCall(r, false, error, now));
    }
    // A check in progress reports its own failure; do not count it twice.
    if (e.kind === 'disconnected' && !this.inflight.has(e.serverId)) {
      const error = e.error === null ? null : processRedactor.redact(e.error);
      this.update(e.serverId, (r) => applyDisconnected(r, error));
    }
  }

  private gateOf(server: McpServerConfig): Gate | null {
    if (!server.enabled) return { state: 'disabled', error: null };
    const missing = this.secrets.missingRequired(server);
    if (missing.length > 0) {
      return {
        state: 'needs_credentials',
        error: `Missing required credential${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
      };
    }
    const unauthorized = this.client.authorizationProblem(server);
    if (!unauthorized) return null;
    return {
      state: 'needs_authorization',
      error: `Needs OAuth authorization (${unauthorized}): POST /api/v1/integrations/mcp-servers/${server.id}/oauth/authorize.`,
    };
  }

  private update(serverId: string, mutate: (r: HealthRecord) => void): void {
    const change = this.store.update(serverId, mutate);
    if (change.from !== change.to) this.logTransition(serverId, change);
    if (change.changed) this.changed.next(serverId);
  }

  /** Once per state change, never per tick. */
  private logTransition(serverId: string, c: RecordChange): void {
    const line = `server_id=${serverId} health ${c.from} -> ${c.to}${c.error ? `: ${c.error}` : ''}`;
    const text = processRedactor.redact(line);
    if (c.to === 'unhealthy' || c.to === 'degraded') this.logger.warn(text);
    // A server that starts out disabled is not news; every later change is.
    else if (c.to === 'connecting' || c.to === 'unknown' || c.from === 'unknown') {
      this.logger.debug(text);
    } else this.logger.log(text);
  }
}
