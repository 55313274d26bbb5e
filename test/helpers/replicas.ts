/**
 * Patchbay replicas as real processes (`node dist/main.js`, as operators run it) on one
 * PostgreSQL, for the multi-replica specs. Each has its own data folder and port; they may
 * share a config folder (the read-only base). `npm run build` must have run: CI builds first.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ROOT } from './fixtures';
import { TEST_SECRETS_KEY } from './test-database';
import { waitFor } from './wait';

const MAIN = join(ROOT, 'dist', 'main.js');

export interface Replica {
  id: string;
  url: string;
  pid: number;
  http: ReturnType<typeof request>;
  /** The temporary folder this helper made (default config and data); gone after stop/kill. */
  tempDir: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies without closing anything (its connections drop). */
  kill(): Promise<void>;
}

export interface ReplicaOptions {
  databaseUrl: string;
  id: string;
  /** Shared config folder (the deployment's base); default: a fresh one. */
  configDir?: string;
  /** This replica's data folder; default: a fresh one. Reuse it to restart "the same" replica. */
  dataDir?: string;
  env?: Record<string, string>;
}

/** Starts one replica and waits for its "listening" line. */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), `patchbay-${options.id}-`));
  const configDir = options.configDir ?? join(dir, 'config');
  const dataDir = options.dataDir ?? join(dir, 'data');
  mkdirSync(configDir, { recursive: true });
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PATCHBAY_HOST: '127.0.0.1',
      PATCHBAY_PORT: '0',
      PATCHBAY_CONFIG_DIR: configDir,
      PATCHBAY_DATA_DIR: dataDir,
      PATCHBAY_DATABASE_URL: options.databaseUrl,
      PATCHBAY_SECRETS_KEY: TEST_SECRETS_KEY,
      PATCHBAY_REPLICA_ID: options.id,
      PATCHBAY_HEALTH_INTERVAL_MS: '3600000',
      PATCHBAY_HEALTH_FIRST_CHECK_MS: '3600000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  child.once('exit', () => (exited = true));
  // Only the folder made here goes: a configDir or dataDir passed in belongs to the caller.
  const end = (signal: NodeJS.Signals) =>
    stopChild(child, signal, () => exited, options.id).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
  const match = await waitFor(
    () => /Patchbay listening on (http:\/\/\S+)/.exec(output) ?? exited,
    `replica ${options.id} to listen`,
    30_000,
  ).catch(async (err: unknown) => {
    await end('SIGKILL');
    throw err;
  });
  if (match === true) {
    await end('SIGKILL');
    throw new Error(`replica ${options.id} exited:\n${output}`);
  }
  const url = match[1];
  return {
    id: options.id,
    url,
    pid: child.pid as number,
    http: request(url),
    tempDir: dir,
    output: () => output,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  exited: () => boolean,
  id: string,
): Promise<void> {
  if (exited()) return;
  child.kill(signal);
  await waitFor(exited, `replica ${id} to exit`, 15_000).catch(() => {
    child.kill('SIGKILL');
    return waitFor(exited, `replica ${id} to exit after SIGKILL`);
  });
}

/** A stale dist/ would test yesterday's code: refuse when any source file is newer. */
function assertBuilt(): void {
  let built: number;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    throw new Error('dist/main.js is missing: run `npm run build` before the replica specs.');
  }
  if (newestSource(join(ROOT, 'src')) > built) {
    throw new Error('dist/ is older than src/: run `npm run build` before the replica specs.');
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}
