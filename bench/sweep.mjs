// The health sweep: 100 configured stdio servers (a tiny fixture), checked by the scheduled
// job every second. Measures one steady sweep's time, event-loop delay during the sweeps, and
// Patchbay's RSS after ~100 pings against after ~1,000 (it must stay flat).
import { join } from 'node:path';
import { request, summarise } from './lib.mjs';
import { startPatchbay } from './patchbay.mjs';

const SERVERS = 100;
const SWEEPS = 10;

async function health(port) {
  return (await request(port, 'GET', '/api/v1/health')).body;
}

/** Waits for the next finished sweep (a new last_sweep_at) and returns its report. */
async function nextSweep(port, after) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { checks } = await health(port);
    if (checks.last_sweep_at && checks.last_sweep_at !== after) return checks;
    if (Date.now() > deadline) throw new Error('no health sweep finished within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function healthSweep({ root, dir }) {
  const tiny = join(root, 'test/fixtures/servers/health-tiny.mjs');
  const servers = Object.fromEntries(
    Array.from({ length: SERVERS }, (_, i) => [
      `tiny-${String(i + 1).padStart(3, '0')}`,
      { transport: 'stdio', command: process.execPath, args: [tiny, 'ok'] },
    ]),
  );
  const pb = await startPatchbay(root, join(dir, 'sweep'), servers, {
    PATCHBAY_HEALTH_INTERVAL_MS: '1000',
    PATCHBAY_HEALTH_FIRST_CHECK_MS: '0',
  });
  try {
    // The first sweep starts every process; wait until all are healthy.
    let last = await nextSweep(pb.port, null);
    const coldMs = last.last_sweep_ms;
    for (let i = 0; i < 30 && (await health(pb.port)).servers.by_state.healthy !== SERVERS; i++) {
      last = await nextSweep(pb.port, last.last_sweep_at);
    }
    pb.child.kill('SIGUSR2');
    const times = [];
    let after100 = { rss: 0, heap_used: 0 };
    for (let i = 0; i < SWEEPS; i++) {
      last = await nextSweep(pb.port, last.last_sweep_at);
      times.push(last.last_sweep_ms);
      if (i === 0) after100 = await pb.memory();
    }
    await new Promise((r) => setTimeout(r, 600));
    const after1000 = await pb.memory();
    const states = (await health(pb.port)).servers.by_state;
    return {
      servers: SERVERS,
      healthy: states.healthy ?? 0,
      cold_sweep_ms: coldMs,
      sweep_ms: summarise(times),
      event_loop_delay_ms: pb.eld(),
      rss_mb_after_100_pings: after100.rss / 2 ** 20,
      rss_mb_after_1000_pings: after1000.rss / 2 ** 20,
      rss_growth_pct: (100 * (after1000.rss - after100.rss)) / after100.rss,
      heap_mb_after_100_pings: after100.heap_used / 2 ** 20,
      heap_mb_after_1000_pings: after1000.heap_used / 2 ** 20,
    };
  } finally {
    await pb.stop();
  }
}
