import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PLAYBOOK_RUN_FINISHED, PlaybookRunFinishedEvent } from '../common/events';
import { Subscription } from 'rxjs';
import { SERVER_STATES } from '../health/server-status.types';
import { HealthStatusService } from '../health/health-status.service';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { ClientEvent } from '../mcp-client/mcp-client.types';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { PlaybooksService } from '../playbooks/playbooks.service';
import { RunRecord } from '../tool-registry/run-log';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { PatchbayMetrics } from './patchbay-metrics';

/** Label values for input that names nothing known: label sets stay bounded. */
export const UNKNOWN = '_unknown';
export const LOCAL = '_local';

/**
 * Feeds the metrics: one event per finished run and per connection, and gauges read from
 * the facades when /metrics is scraped.
 */
@Injectable()
export class MetricsRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly subscriptions = new Subscription();
  /** Servers whose last connection was lost or failed: their next connect is a reconnect. */
  private readonly down = new Set<string>();

  constructor(
    readonly metrics: PatchbayMetrics,
    private readonly tools: ToolRegistryService,
    private readonly clients: McpClientService,
    private readonly health: HealthStatusService,
    private readonly registry: IntegrationRegistryService,
    private readonly playbooks: PlaybooksService,
  ) {}

  onModuleInit(): void {
    this.subscriptions.add(this.tools.runs.subscribe((run) => this.onRun(run)));
    this.subscriptions.add(this.clients.events.subscribe((event) => this.onClient(event)));
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
  }

  /** Sets the gauges from the current state, then renders the text format. */
  async render(): Promise<string> {
    const { serverState, callsInFlight } = this.metrics;
    serverState.reset();
    callsInFlight.reset();
    for (const { id } of this.registry.listServers()) {
      const current = this.health.getStatus(id).state;
      for (const state of SERVER_STATES) {
        serverState.set({ server_id: id, state }, state === current ? 1 : 0);
      }
      callsInFlight.set({ server_id: id }, this.clients.inFlight(id));
    }
    return this.metrics.registry.metrics();
  }

  private onRun(run: RunRecord): void {
    // A name that resolved to nothing is request input, never a label.
    const tool = run.binding ? run.tool : UNKNOWN;
    const server = run.binding?.kind === 'mcp' ? this.serverLabel(run.binding.server_id) : LOCAL;
    this.metrics.runs.record(tool, server, run.outcome, (run.elapsed_ms ?? run.duration_ms) / 1000);
  }

  @OnEvent(PLAYBOOK_RUN_FINISHED)
  onPlaybookRun(event: PlaybookRunFinishedEvent): void {
    const id = this.playbooks.ids().includes(event.playbook_id) ? event.playbook_id : UNKNOWN;
    this.metrics.playbookRuns.inc({ playbook_id: id, outcome: event.outcome });
  }

  private onClient(event: ClientEvent): void {
    if (event.kind === 'disconnected' && event.error !== null) this.down.add(event.serverId);
    if (event.kind !== 'connected' || !this.down.delete(event.serverId)) return;
    this.metrics.reconnects.inc({ server_id: this.serverLabel(event.serverId) });
  }

  private serverLabel(serverId: string): string {
    return this.registry.findServer(serverId) ? serverId : UNKNOWN;
  }
}
