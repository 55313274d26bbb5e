import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RunMetrics } from './run-metrics';

/** The registry /metrics serves: Patchbay's own metrics plus process_* and nodejs_*. */
export class PatchbayMetrics {
  readonly registry = new Registry();

  readonly runs = new RunMetrics(this.registry);

  readonly serverState = new Gauge({
    name: 'patchbay_mcp_server_state',
    help: "1 for each MCP server's current health state, 0 for the others.",
    labelNames: ['server_id', 'state'] as const,
    registers: [this.registry],
  });

  readonly callsInFlight = new Gauge({
    name: 'patchbay_mcp_calls_in_flight',
    help: 'Calls holding one of the MCP server’s connection slots now.',
    labelNames: ['server_id'] as const,
    registers: [this.registry],
  });

  readonly reconnects = new Counter({
    name: 'patchbay_mcp_reconnects_total',
    help: 'Connections re-established after the previous one was lost or failed.',
    labelNames: ['server_id'] as const,
    registers: [this.registry],
  });

  readonly playbookRuns = new Counter({
    name: 'patchbay_playbook_runs_total',
    help: 'Playbook runs by playbook and outcome.',
    labelNames: ['playbook_id', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
