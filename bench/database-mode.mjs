// What database mode (PATCHBAY_DATABASE_URL) adds to a tool call: the same routed call on two
// Patchbays side by side, one on files and SQLite, one on PostgreSQL, interleaved in rounds.
// The hot path reads admitted state from memory and queues its run; the database sees batches.
// PostgreSQL: PATCHBAY_BENCH_DATABASE_URL, else the throwaway one scripts/test-postgres.sh starts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postJson, request, summarise, throughput } from './lib.mjs';
import { startPatchbay } from './patchbay.mjs';

const ARGS = { message: 'hello from the bench' };
const SECRETS_KEY = 'cd'.repeat(32);

/** A fresh database on the bench server; drop() removes it (and stops a cluster we started). */
async function benchDatabase(root) {
  let base = process.env.PATCHBAY_BENCH_DATABASE_URL;
  let started = false;
  if (!base) {
    const [url, flag] = execFileSync(join(root, 'scripts/test-postgres.sh'), ['start'], { encoding: 'utf8' }).split('\n');
    base = url.trim();
    started = flag === 'started';
  }
  const name = `patchbay_bench_${process.pid}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (started) execFileSync(join(root, 'scripts/test-postgres.sh'), ['stop']);
    },
  };
}

export async function databaseModeCost({ root, everything, quick, inFlight = 32 }) {
  const db = await benchDatabase(root);
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-db-'));
  const servers = { everything: { transport: 'stdio', command: process.execPath, args: [everything, 'stdio'] } };
  const files = await startPatchbay(root, join(dir, 'files'), servers, { PATCHBAY_SECRETS_KEY: SECRETS_KEY });
  const database = await startPatchbay(root, join(dir, 'database'), servers, {
    PATCHBAY_DATABASE_URL: db.url,
    PATCHBAY_SECRETS_KEY: SECRETS_KEY,
  });
  try {
    const modes = { files, database };
    const calls = {};
    for (const [mode, pb] of Object.entries(modes)) {
      const route = await request(pb.port, 'PUT', '/api/v1/execution/routes/bench_echo', { server_id: 'everything', tool_name: 'echo' });
      if (route.status !== 200) throw new Error(`${mode}: could not bind bench_echo: ${JSON.stringify(route.body)}`);
      calls[mode] = () => postJson(pb.port, '/api/v1/execution/tools/bench_echo/invoke', { args: ARGS });
      for (let i = 0; i < 200; i++) await calls[mode]();
    }
    const rounds = quick ? 3 : 8;
    const perRound = quick ? 100 : 300;
    const samples = { files: [], database: [] };
    const rates = { files: [], database: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of Object.keys(modes)) {
        for (let i = 0; i < perRound; i++) {
          const t0 = performance.now();
          await calls[mode]();
          samples[mode].push(performance.now() - t0);
        }
        rates[mode].push(await throughput(calls[mode], inFlight, quick ? 0.5 : 1.5));
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const latency = { files: summarise(samples.files), database: summarise(samples.database) };
    const tput = { files: median(rates.files), database: median(rates.database) };
    // Every run the database replica answered must have reached the shared history.
    await new Promise((r) => setTimeout(r, 500));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const stored = await client
      .query("SELECT count(*)::int AS n FROM patchbay_runs WHERE tool = 'bench_echo'")
      .then((r) => r.rows[0].n)
      .catch(() => null)
      .finally(() => client.end());
    return {
      latency_ms: latency,
      added_p50_ms: latency.database.p50 - latency.files.p50,
      throughput_per_s: tput,
      throughput_ratio: tput.database / tput.files,
      runs_in_database: stored,
    };
  } finally {
    await Promise.all([files.stop(), database.stop()]);
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}
