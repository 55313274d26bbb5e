import { Registry } from 'prom-client';

/** Seconds; from sub-millisecond proxied calls to long tool runs. */
export const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

const CALLS = 'patchbay_tool_calls_total';
const DURATION = 'patchbay_tool_call_duration_seconds';

interface Series {
  /** Per bucket, not cumulative (summed when rendered); the last one is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
  outcomes: Map<string, number>;
}

type Value = { metricName?: string; labels: Record<string, string | number>; value: number };

/**
 * patchbay_tool_calls_total and patchbay_tool_call_duration_seconds, counted in plain
 * numbers: recording a run is two map lookups and a few additions (prom-client's own
 * label-bound children took ~2.5 µs each per call). Rendered as prom-client metrics.
 */
export class RunMetrics {
  private readonly series = new Map<string, Map<string, Series>>();

  constructor(registry: Registry) {
    const metric = (name: string, help: string, type: string, values: () => Value[]) => ({
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.series.clear(),
    });
    for (const m of [
      metric(
        CALLS,
        'Tool invocations by tool, MCP server (_local for local tools) and outcome.',
        'counter',
        () => this.callValues(),
      ),
      metric(DURATION, 'Tool invocation time, from request to result.', 'histogram', () =>
        this.durationValues(),
      ),
    ]) {
      registry.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
    }
  }

  record(tool: string, serverId: string, outcome: string, seconds: number): void {
    let byServer = this.series.get(tool);
    if (!byServer) this.series.set(tool, (byServer = new Map()));
    let s = byServer.get(serverId);
    if (!s) {
      s = {
        buckets: new Float64Array(DURATION_BUCKETS.length + 1),
        sum: 0,
        count: 0,
        outcomes: new Map(),
      };
      byServer.set(serverId, s);
    }
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
    s.buckets[i]++;
    s.sum += seconds;
    s.count++;
    s.outcomes.set(outcome, (s.outcomes.get(outcome) ?? 0) + 1);
  }

  private *each(): Generator<[Record<string, string>, Series]> {
    for (const [tool, byServer] of this.series) {
      for (const [server_id, s] of byServer) yield [{ tool, server_id }, s];
    }
  }

  private callValues(): Value[] {
    const values: Value[] = [];
    for (const [labels, s] of this.each()) {
      for (const [outcome, n] of s.outcomes)
        values.push({ labels: { ...labels, outcome }, value: n });
    }
    return values;
  }

  private durationValues(): Value[] {
    const values: Value[] = [];
    for (const [labels, s] of this.each()) {
      let cumulative = 0;
      s.buckets.forEach((n, i) => {
        cumulative += n;
        const le = i < DURATION_BUCKETS.length ? DURATION_BUCKETS[i] : '+Inf';
        values.push({
          metricName: `${DURATION}_bucket`,
          labels: { ...labels, le },
          value: cumulative,
        });
      });
      values.push({ metricName: `${DURATION}_sum`, labels, value: s.sum });
      values.push({ metricName: `${DURATION}_count`, labels, value: s.count });
    }
    return values;
  }
}
