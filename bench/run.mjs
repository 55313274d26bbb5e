#!/usr/bin/env node
// npm run bench: what a tool call through Patchbay costs against the direct SDK call.
// Interleaves the variants in rounds so machine drift cancels out; prints a table, writes JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startBareMcpProxy } from './bare-mcp-proxy.mjs';
import { startBareWrapper } from './bare-wrapper.mjs';
import { cpuMicros, peakRss, postJson, request, rssBytes, summarise, throughput } from './lib.mjs';
import { startPatchbay } from './patchbay.mjs';
import { databaseModeCost } from './database-mode.mjs';
import { recordingCost } from './observability.mjs';
import { healthSweep } from './sweep.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 10;
const CALLS_PER_ROUND = QUICK ? 100 : 300;
const TP_SECONDS = QUICK ? 1 : 3;
const IN_FLIGHT = 32;
const ARGS = { message: 'hello from the bench' };

async function sdkClient() {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
  return client;
}

const text = (result) => result?.content?.[0]?.text;

/** An SDK client over streamable HTTP (the way agents reach an MCP gateway). */
async function httpClient(port, path) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}${path}`)));
  return client;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-'));
  const pb = await startPatchbay(ROOT, dir, {
    everything: { transport: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] },
  });
  // Idle: started, its MCP server connected, no call made yet; 1 s after start, and 20 s after
  // (V8's memory reducer compacts the heap once the process has been idle for a few seconds).
  await new Promise((r) => setTimeout(r, 1000));
  const rssIdle = rssBytes(pb.child.pid);
  if (!QUICK) await new Promise((r) => setTimeout(r, 19_000));
  const rssIdleSettled = QUICK ? NaN : rssBytes(pb.child.pid);
  const memIdle = await pb.memory();
  const direct = await sdkClient();
  const bare = await startBareWrapper(EVERYTHING);
  const proxy = await startBareMcpProxy(await sdkClient());
  const viaProxy = await httpClient(proxy.port, '/mcp');
  const viaServer = await httpClient(pb.port, '/mcp/servers/everything');
  const viaAll = await httpClient(pb.port, '/mcp');
  try {
    const route = await request(pb.port, 'PUT', '/api/v1/execution/routes/bench_echo', { server_id: 'everything', tool_name: 'echo' });
    if (route.status !== 200) throw new Error(`could not bind bench_echo: ${JSON.stringify(route.body)}`);
    const variants = {
      direct_sdk: async () => text(await direct.callTool({ name: 'echo', arguments: ARGS })),
      bare_wrapper: async () => text(await postJson(bare.port, '/call', { name: 'echo', arguments: ARGS })),
      patchbay_mcp_tool: async () =>
        text(await postJson(pb.port, '/api/v1/execution/tools/mcp_tool/invoke', { args: { server_id: 'everything', tool_name: 'echo', args: ARGS } })),
      patchbay_routed: async () => text(await postJson(pb.port, '/api/v1/execution/tools/bench_echo/invoke', { args: ARGS })),
      bare_mcp_proxy: async () => text(await viaProxy.callTool({ name: 'echo', arguments: ARGS })),
      patchbay_mcp_server: async () => text(await viaServer.callTool({ name: 'echo', arguments: ARGS })),
      patchbay_mcp_all: async () => text(await viaAll.callTool({ name: 'everything__echo', arguments: ARGS })),
    };
    const pbPeak = peakRss(pb.child.pid);
    const barePeak = peakRss(bare.pid);
    for (const [name, call] of Object.entries(variants)) {
      const answer = await call();
      if (!String(answer).includes(ARGS.message)) throw new Error(`${name} answered ${answer}`);
      for (let i = 0; i < 200; i++) await call(); // warm-up
    }
    const rssBefore = rssBytes(pb.child.pid);
    const memBefore = await pb.memory();
    pb.child.kill('SIGUSR2');
    const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const rates = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    // CPU time of the answering process per call at 32 in flight (all its threads, GC included):
    // steadier than calls/s when other work shares the machine.
    const serverPid = { bare_wrapper: bare.pid, patchbay_mcp_tool: pb.child.pid, patchbay_routed: pb.child.pid, patchbay_mcp_server: pb.child.pid, patchbay_mcp_all: pb.child.pid };
    const cpuPerCall = Object.fromEntries(Object.keys(serverPid).map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, call] of Object.entries(variants)) {
        for (let i = 0; i < CALLS_PER_ROUND; i++) {
          const t0 = performance.now();
          await call();
          samples[name].push(performance.now() - t0);
        }
      }
      for (const [name, call] of Object.entries(variants)) {
        const pid = serverPid[name];
        let calls = 0;
        const cpu0 = pid && cpuMicros(pid);
        const counted = async () => {
          await call();
          calls++;
        };
        rates[name].push(await throughput(counted, IN_FLIGHT, TP_SECONDS / 2));
        if (pid) cpuPerCall[name].push((cpuMicros(pid) - cpu0) / calls);
      }
    }
    const rssPeak = pbPeak.peak();
    const bareRssPeak = barePeak.peak();
    pbPeak.stop();
    barePeak.stop();
    await new Promise((r) => setTimeout(r, 600));
    const eld = pb.eld();
    const scrapes = [];
    for (let i = 0; i < (QUICK ? 20 : 100); i++) {
      const t0 = performance.now();
      const res = await request(pb.port, 'GET', '/metrics');
      scrapes.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
    }
    const rssAfter = rssBytes(pb.child.pid);
    const memAfter = await pb.memory();
    const latency = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const tput = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
    const sweep = await healthSweep({ root: ROOT, dir, quick: QUICK });
    const recording = await recordingCost({ root: ROOT, quick: QUICK });
    // BENCH_SKIP_DATABASE=1 on a machine without PostgreSQL.
    const database = process.env.BENCH_SKIP_DATABASE
      ? null
      : await databaseModeCost({ root: ROOT, everything: EVERYTHING, quick: QUICK, inFlight: IN_FLIGHT });
    const report = {
      date: new Date().toISOString(),
      cores: cpus().length,
      node: process.version,
      quick: QUICK,
      rounds: ROUNDS,
      calls_per_round: CALLS_PER_ROUND,
      latency_ms: latency,
      added_p50_ms: Object.fromEntries(Object.keys(latency).map((k) => [k, latency[k].p50 - latency.direct_sdk.p50])),
      // What the gateway itself adds on top of the cheapest possible HTTP hop.
      added_p50_over_bare_ms: Object.fromEntries(Object.keys(latency).map((k) => [k, latency[k].p50 - latency.bare_wrapper.p50])),
      throughput_per_s: tput,
      throughput_vs_bare: Object.fromEntries(Object.keys(tput).map((k) => [k, tput[k] / tput.bare_wrapper])),
      server_cpu_us_per_call: Object.fromEntries(Object.entries(cpuPerCall).map(([k, v]) => [k, median(v)])),
      // The MCP endpoints against the bare MCP proxy (SDK Server → SDK Client in one process).
      mcp_vs_bare_proxy: Object.fromEntries(
        ['patchbay_mcp_server', 'patchbay_mcp_all'].map((k) => [
          k,
          { added_p50_ms: latency[k].p50 - latency.bare_mcp_proxy.p50, throughput_ratio: tput[k] / tput.bare_mcp_proxy },
        ]),
      ),
      // idle: after start, before any call; peak: the high-water mark over warm-up and rounds.
      patchbay_rss_mb: {
        idle: rssIdle / 2 ** 20,
        idle_after_20_s: rssIdleSettled / 2 ** 20,
        before: rssBefore / 2 ** 20,
        peak_under_load: rssPeak / 2 ** 20,
        after: rssAfter / 2 ** 20,
      },
      // After a full GC: RSS can grow with the heap's high-water mark, a leak shows here.
      patchbay_heap_after_gc_mb: {
        idle: memIdle.heap_used / 2 ** 20,
        before: memBefore.heap_used / 2 ** 20,
        after: memAfter.heap_used / 2 ** 20,
      },
      bare_wrapper_rss_peak_mb: bareRssPeak / 2 ** 20,
      // One Prometheus scrape of /metrics, sequential, after the load (all series populated).
      metrics_scrape_ms: summarise(scrapes),
      patchbay_event_loop_delay_ms: eld,
      health_sweep: sweep,
      // Per run: on the caller's path (history queue + metrics) and after it (the SQLite write).
      run_recording_us: recording,
      // The same routed call on files + SQLite and on PostgreSQL (PATCHBAY_DATABASE_URL).
      database_mode: database,
    };
    printTable(report);
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const out = join(ROOT, 'bench/results', `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify(report, null, 2));
    writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify(report, null, 2));
    console.log(`\nwrote ${out}`);
  } finally {
    await Promise.all([viaProxy.close(), viaServer.close(), viaAll.close()]);
    await direct.close();
    await bare.close();
    await proxy.close();
    await pb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(r) {
  const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  console.log(`\nPatchbay bench ${r.date} — ${r.cores} cores, Node ${r.node}${r.quick ? ' (quick)' : ''}`);
  console.log('variant              p50 ms   p95 ms   p99 ms  +p50 ms  +p50 vs bare   calls/s  vs bare');
  for (const k of Object.keys(r.latency_ms)) {
    const l = r.latency_ms[k];
    console.log(
      `${k.padEnd(19)} ${f(l.p50).padStart(7)} ${f(l.p95).padStart(8)} ${f(l.p99).padStart(8)} ${f(r.added_p50_ms[k]).padStart(8)} ${f(r.added_p50_over_bare_ms[k]).padStart(13)} ${f(r.throughput_per_s[k], 0).padStart(9)} ${f(r.throughput_vs_bare[k], 2).padStart(8)}`,
    );
  }
  const cpu = r.server_cpu_us_per_call;
  console.log(`Server CPU per call at ${IN_FLIGHT} in flight (µs, all threads): ${Object.entries(cpu).map(([k, v]) => `${k} ${f(v, 0)}`).join(', ')}`);
  for (const [k, v] of Object.entries(r.mcp_vs_bare_proxy)) {
    console.log(`${k} vs bare MCP proxy: +${f(v.added_p50_ms)} ms p50, ${f(v.throughput_ratio, 2)}× throughput`);
  }
  const m = r.patchbay_rss_mb;
  const hp = r.patchbay_heap_after_gc_mb;
  console.log(
    `Patchbay RSS (MiB): idle ${f(m.idle, 1)} (after 20 s: ${f(m.idle_after_20_s, 1)}), before the rounds ${f(m.before, 1)}, PEAK under load ${f(m.peak_under_load, 1)}, after ${f(m.after, 1)}; ` +
      `heap after GC ${f(hp.idle, 1)} idle, ${f(hp.before, 1)} → ${f(hp.after, 1)} over the rounds (bare wrapper's peak RSS ${f(r.bare_wrapper_rss_peak_mb, 1)})`,
  );
  console.log(`GET /metrics: p50 ${f(r.metrics_scrape_ms.p50, 2)} ms, p99 ${f(r.metrics_scrape_ms.p99, 2)} ms per scrape`);
  console.log(`Patchbay event-loop delay during the run: p50 ${f(r.patchbay_event_loop_delay_ms.p50_ms, 2)} ms, p99 ${f(r.patchbay_event_loop_delay_ms.p99_ms, 2)} ms`);
  const rc = r.run_recording_us;
  console.log(
    `Recording a run (${rc.runs} runs): ${f(rc.on_call_path_us, 2)} µs on the call's path (metrics alone ${f(rc.metrics_us, 2)} µs), ` +
      `${f(rc.history_write_us_off_path, 1)} µs of batched SQLite write after it`,
  );
  const d = r.database_mode;
  if (d) {
    console.log(
      `Database mode (routed call, files vs PostgreSQL): p50 ${f(d.latency_ms.files.p50)} → ${f(d.latency_ms.database.p50)} ms (${d.added_p50_ms >= 0 ? '+' : ''}${f(d.added_p50_ms)} ms), ` +
        `${f(d.throughput_per_s.files, 0)} → ${f(d.throughput_per_s.database, 0)} calls/s (${f(d.throughput_ratio, 2)}×); runs written to PostgreSQL: ${d.runs_in_database}`,
    );
  }
  const h = r.health_sweep;
  console.log(
    `Health sweep of ${h.servers} servers (${h.healthy} healthy): cold ${h.cold_sweep_ms} ms, steady p50 ${f(h.sweep_ms.p50, 0)} ms / max ${f(h.sweep_ms.p99, 0)} ms; ` +
      `event-loop delay p99 ${f(h.event_loop_delay_ms.p99_ms, 2)} ms; after ~100 pings vs ~1,000: RSS ${f(h.rss_mb_after_100_pings, 1)} → ${f(h.rss_mb_after_1000_pings, 1)} MB (${f(h.rss_growth_pct, 1)}%), heap after GC ${f(h.heap_mb_after_100_pings, 1)} → ${f(h.heap_mb_after_1000_pings, 1)} MB`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
