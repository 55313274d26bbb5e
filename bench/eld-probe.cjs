// Preloaded into the Patchbay process by the benchmark only: samples event-loop delay and
// writes it to BENCH_ELD_FILE twice a second; SIGUSR2 resets the histogram; SIGURG collects
// garbage (with --expose-gc) and writes memory to BENCH_ELD_FILE.mem, so growth is not GC timing.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { renameSync, writeFileSync } = require('node:fs');
const file = process.env.BENCH_ELD_FILE;
if (file) {
  // The histogram counts the timer's own resolution too; report only the delay beyond it.
  const RESOLUTION_MS = 5;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  process.on('SIGUSR2', () => h.reset());
  process.on('SIGURG', () => {
    global.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    writeAtomic(`${file}.mem`, JSON.stringify({ rss, heap_used: heapUsed }));
  });
  const write = () => {
    const ms = (ns) => Math.max(0, Number(ns) / 1e6 - RESOLUTION_MS);
    const data = {
      p50_ms: ms(h.percentile(50)),
      p99_ms: ms(h.percentile(99)),
      max_ms: ms(h.max),
      count: h.count,
    };
    try {
      writeAtomic(file, JSON.stringify(data));
    } catch {
      /* the bench folder may be gone at exit */
    }
  };
  setInterval(write, 500).unref();
}

/** The bench reads these files at any moment: never let it see one half written. */
function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
