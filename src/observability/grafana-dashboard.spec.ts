import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PatchbayMetrics } from './patchbay-metrics';

describe('docs/grafana-dashboard.json', () => {
  it('is valid JSON and queries only metrics Patchbay exports', async () => {
    const text = readFileSync(join(__dirname, '../../docs/grafana-dashboard.json'), 'utf8');
    const dashboard = JSON.parse(text) as { panels: { targets: { expr: string }[] }[] };
    const exported = new Set(
      (await new PatchbayMetrics().registry.getMetricsAsJSON()).map((m) => m.name),
    );
    const used = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const names = used.flatMap((e) => e.match(/\b(patchbay|process|nodejs)_[a-z0-9_]+/g) ?? []);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(exported).toContain(name.replace(/_(bucket|sum|count)$/, ''));
    }
  });
});
