// What recording one run costs inside Patchbay (from the built dist): the part on the
// caller's path (queueing the run for the history, the metrics) and the part after it (the
// batched SQLite write), each per run.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { sampleRun } from './lib.mjs';

export async function recordingCost({ root, quick }) {
  const require = createRequire(join(root, 'package.json'));
  const { Logger } = require('@nestjs/common');
  const { RunLog } = require(join(root, 'dist/tool-registry/run-log.js'));
  const { SqliteRunStore } = require(join(root, 'dist/tool-registry/runs/sqlite-run-store.js'));
  const { PatchbayMetrics } = require(join(root, 'dist/observability/patchbay-metrics.js'));
  const { MetricsRecorder } = require(join(root, 'dist/observability/metrics.recorder.js'));
  Logger.overrideLogger(['error']); // the tool_run line is measured in the HTTP bench
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-runs-'));
  const store = new SqliteRunStore(join(dir, 'runs.sqlite'), 30);
  const log = new RunLog(store);
  const registry = { findServer: (id) => (id === 'everything' ? { id } : undefined), listServers: () => [] };
  const tools = { runs: log.recorded };
  const recorder = new MetricsRecorder(new PatchbayMetrics(), tools, { events: new Subject() }, {}, registry);
  recorder.onModuleInit();
  const n = quick ? 5_000 : 20_000;
  const run = sampleRun;
  try {
    const runs = Array.from({ length: 2 * n }, (_, i) => run(i));
    for (let i = 0; i < n; i++) log.record(runs[i]); // warm-up
    store.flush();
    let t0 = performance.now();
    for (let i = n; i < 2 * n; i++) log.record(runs[i]);
    const onPath = ((performance.now() - t0) * 1000) / n;
    t0 = performance.now();
    store.flush();
    const write = ((performance.now() - t0) * 1000) / n;
    const metricsOnly = new RunLog({ append() {}, close() {} });
    new MetricsRecorder(new PatchbayMetrics(), { runs: metricsOnly.recorded }, { events: new Subject() }, {}, registry).onModuleInit();
    for (let i = 0; i < n; i++) metricsOnly.record(runs[i]);
    t0 = performance.now();
    for (let i = 0; i < n; i++) metricsOnly.record(runs[i]);
    const metrics = ((performance.now() - t0) * 1000) / n;
    return { runs: n, on_call_path_us: onPath, metrics_us: metrics, history_write_us_off_path: write };
  } finally {
    log.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
