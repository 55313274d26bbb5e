import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from sub-millisecond proxied calls to long tool runs. */
const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** The registry /metrics serves: Patchbay's own metrics plus process_* and nodejs_*. */
export class PatchbayMetrics {
  readonly registry = new Registry();

  readonly toolCalls = new Counter({
    name: 'patchbay_tool_calls_total',
    help: 'Tool invocations by tool, MCP server (_local for local tools) and outcome.',
    labelNames: ['tool', 'server_id', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly toolCallDuration = new Histogram({
    name: 'patchbay_tool_call_duration_seconds',
    help: 'Tool invocation time, from request to result.',
    labelNames: ['tool', 'server_id'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

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
