// Starts the built Patchbay (dist/main.js) on a temp config for the bench the way
// `npm run start:prod` does (same Node flags, read from package.json), with the event-loop
// probe preloaded; BENCH_CPU_PROF=<dir> also writes a V8 CPU profile there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, request } from './lib.mjs';

/** The Node flags of `npm run start:prod` ("node <flags> dist/main.js"). */
export function startProdFlags(root) {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['start:prod'];
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js') throw new Error(`start:prod is not "node <flags> dist/main.js": ${script}`);
  return words.slice(1, -1);
}

/** `nodeFlags` replaces start:prod's flags (to compare settings); by default they are used. */
export async function startPatchbay(root, dir, servers, env = {}, nodeFlags = startProdFlags(root)) {
  const port = await freePort();
  const configDir = join(dir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'mcp_servers.json'), JSON.stringify({ mcp_servers: servers }));
  const eldFile = join(dir, `eld-${port}.json`);
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...prof, '--expose-gc', '--require', join(root, 'bench/eld-probe.cjs'), join(root, 'dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PATCHBAY_PORT: String(port),
      PATCHBAY_CONFIG_DIR: configDir,
      PATCHBAY_DATA_DIR: join(dir, 'data'),
      // The default level, as deployed: one log line per tool call (stdout goes to /dev/null).
      PATCHBAY_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'log',
      BENCH_ELD_FILE: eldFile,
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') console.error(`Patchbay exited: code ${code} signal ${signal}`);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await request(port, 'GET', '/api/v1/health')).status === 200) break;
    } catch {
      if (Date.now() > deadline) throw new Error('Patchbay did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const eld = () => JSON.parse(readFileSync(eldFile, 'utf8'));
  /** Memory after a full GC: {rss, heap_used} in bytes. */
  const memory = async () => {
    rmSync(`${eldFile}.mem`, { force: true });
    child.kill('SIGURG');
    for (let i = 0; i < 100 && !existsSync(`${eldFile}.mem`); i++) await new Promise((r) => setTimeout(r, 20));
    return JSON.parse(readFileSync(`${eldFile}.mem`, 'utf8'));
  };
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  return { port, child, eld, memory, stop };
}
