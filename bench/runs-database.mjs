// What database mode adds to recording one run (from the built dist: `npm run build` first):
// the part on the caller's path (RunLog.record, which queues the run) and the batched write
// after it, per run, for the SQLite store and the PostgreSQL store side by side.
//
//   node bench/runs-database.mjs postgres://postgres@127.0.0.1:54329/postgres [--quick]
//
// The URL names a server where a scratch database may be created (dropped afterwards).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleRun } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { Client, Pool } = require('pg');
const { Logger } = require('@nestjs/common');
const { RunLog } = require(join(root, 'dist/tool-registry/run-log.js'));
const { SqliteRunStore } = require(join(root, 'dist/tool-registry/runs/sqlite-run-store.js'));
const { PgRunStore } = require(join(root, 'dist/tool-registry/runs/pg-run-store.js'));
const { Database } = require(join(root, 'dist/database/database.js'));
const { migrate } = require(join(root, 'dist/database/migrate.js'));

const baseUrl = process.argv.find((a) => a.startsWith('postgres'));
if (!baseUrl) {
  console.error('usage: node bench/runs-database.mjs <postgres://...> [--quick]');
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const n = quick ? 5_000 : 20_000;
Logger.overrideLogger(['error']);

const run = sampleRun;

/** Per run: record() on the caller's path, then the write (wall and this process's CPU). */
async function measure(store) {
  const log = new RunLog(store);
  const runs = Array.from({ length: 3 * n }, (_, i) => run(i));
  for (let i = 0; i < n; i++) log.record(runs[i]); // warm-up
  await store.flush();
  let t0 = performance.now();
  for (let i = n; i < 2 * n; i++) log.record(runs[i]);
  const onPath = ((performance.now() - t0) * 1000) / n;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  await store.flush();
  const write = ((performance.now() - t0) * 1000) / n;
  const cpu = process.cpuUsage(cpu0);
  // As in service: calls arrive across event-loop turns, so the timer flushes as they go.
  t0 = performance.now();
  for (let i = 2 * n; i < 3 * n; i++) {
    log.record(runs[i]);
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  await store.flush();
  const interleaved = ((performance.now() - t0) * 1000) / n;
  const count = (await store.query({ limit: 500 })).length;
  await log.onApplicationShutdown();
  return {
    on_call_path_us: round(onPath),
    write_us_per_run_off_path: round(write),
    write_cpu_us_per_run: round((cpu.user + cpu.system) / n),
    record_and_write_interleaved_us_per_run: round(interleaved),
    read_back: count,
  };
}

const round = (x) => Math.round(x * 100) / 100;

async function admin(sql) {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-runs-db-'));
const name = `patchbay_bench_${randomBytes(4).toString('hex')}`;
const url = new URL(baseUrl);
url.pathname = `/${name}`;
await admin(`CREATE DATABASE ${name}`);
let db;
try {
  await migrate(url.toString());
  db = new Database(
    new Pool({ connectionString: url.toString(), max: 10 }),
    url.toString(),
    'bench',
  );
  const sqlite = await measure(new SqliteRunStore(join(dir, 'runs.sqlite'), 30));
  const pg = await measure(new PgRunStore(db, 30));
  console.log(JSON.stringify({ runs: n, sqlite, postgres: pg }, null, 2));
  console.log(
    `added on the call path in database mode: ${round(pg.on_call_path_us - sqlite.on_call_path_us)} µs per run`,
  );
} finally {
  await db?.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
}
