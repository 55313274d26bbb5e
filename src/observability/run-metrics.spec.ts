import { Registry } from 'prom-client';
import { RunMetrics } from './run-metrics';

type Json = {
  name: string;
  type: string;
  values: { metricName?: string; labels: Record<string, unknown>; value: number }[];
};

describe('RunMetrics', () => {
  it('counts by outcome and fills cumulative buckets, sum and count', async () => {
    const registry = new Registry();
    const runs = new RunMetrics(registry);
    runs.record('mcp_tool', 'everything', 'ok', 0.0004);
    runs.record('mcp_tool', 'everything', 'ok', 0.003);
    runs.record('mcp_tool', 'everything', 'mcp_timeout', 120);
    runs.record('deploy', '_local', 'ok', 0.02);
    const metrics = (await registry.getMetricsAsJSON()) as unknown as Json[];
    const calls = metrics.find((m) => m.name === 'patchbay_tool_calls_total')!;
    expect(calls.type).toBe('counter');
    expect(calls.values).toEqual(
      expect.arrayContaining([
        { labels: { tool: 'mcp_tool', server_id: 'everything', outcome: 'ok' }, value: 2 },
        { labels: { tool: 'mcp_tool', server_id: 'everything', outcome: 'mcp_timeout' }, value: 1 },
        { labels: { tool: 'deploy', server_id: '_local', outcome: 'ok' }, value: 1 },
      ]),
    );
    const duration = metrics.find((m) => m.name === 'patchbay_tool_call_duration_seconds')!;
    expect(duration.type).toBe('histogram');
    const mcp = duration.values.filter((v) => v.labels.tool === 'mcp_tool');
    const bucket = (le: number | string) =>
      mcp.find((v) => v.metricName?.endsWith('_bucket') && v.labels.le === le)?.value;
    expect(bucket(0.001)).toBe(1);
    expect(bucket(0.0025)).toBe(1);
    expect(bucket(0.005)).toBe(2);
    expect(bucket(60)).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    expect(mcp.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(3);
    expect(mcp.find((v) => v.metricName?.endsWith('_sum'))?.value).toBeCloseTo(120.0034);
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('# TYPE'))).toHaveLength(2);
  });
});
