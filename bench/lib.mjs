// Small measuring helpers for the benchmark: percentiles, a keep-alive JSON client, RSS.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarise(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs JSON over a keep-alive connection; resolves with the parsed body (throws on non-2xx). */
export function postJson(port, path, body, headers = {}) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode >= 300) reject(new Error(`${path} answered ${res.statusCode}: ${text}`));
          else resolve(text ? JSON.parse(text) : null);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export function request(port, method, path, body) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method, agent, headers: data ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = (res.headers['content-type'] ?? '').includes('json');
          resolve({ status: res.statusCode, body: text && json ? JSON.parse(text) : text || null });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A field of /proc/<pid>/status in bytes (VmRSS now, VmHWM the peak since start or reset). */
export function statusBytes(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

export const rssBytes = (pid) => statusBytes(pid, 'VmRSS');

/**
 * Peak RSS from here on: resets the kernel's high-water mark (VmHWM) where allowed and also
 * polls VmRSS every 20 ms, so `peak()` is right either way.
 */
export function peakRss(pid) {
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  let polled = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      polled = Math.max(polled, rssBytes(pid));
    } catch {
      /* the process is gone */
    }
  }, 20);
  timer.unref();
  return {
    peak() {
      const hwm = reset ? statusBytes(pid, 'VmHWM') : 0;
      return Math.max(polled, hwm);
    },
    stop: () => clearInterval(timer),
  };
}

/** Runs `call` for `seconds` with `inFlight` concurrent workers; returns calls per second. */
export async function throughput(call, inFlight, seconds) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** CPU time (user + system, all threads) a process has used so far, in µs. */
export function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks: 100 a second on Linux
}

/** Run record number `i` of an `mcp_tool` echo call, as the run log records it. */
export const sampleRun = (i) =>
  ({
    run_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    tool: 'mcp_tool',
    binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
    caller: 'http',
    started_at: new Date().toISOString(),
    duration_ms: 1,
    outcome: 'ok',
    args: { server_id: 'everything', tool_name: 'echo', args: { message: `hello ${i}` } },
    result: [{ type: 'text', text: `Echo: hello ${i}` }],
  });
