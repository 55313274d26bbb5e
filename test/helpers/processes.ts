/** Process checks and HTTP server children for the e2e specs; every child is killed by stop(). */
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { EVERYTHING, ROOT } from './fixtures';
import { waitFor } from './wait';

/** Whether a process is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `pid` has exited. */
export const gone = (pid: number, what: string, ms = 8_000) => waitFor(() => !alive(pid), what, ms);

/** The command line of a process ('' once it has gone). */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Live (not zombie) descendants of `root` (default: this process) whose command line contains
 * `needle`; give a replica's pid to find that replica's children.
 */
export function childPids(needle: string, root = process.pid): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parents.set(Number(entry), Number(fields[1]));
    } catch {
      // exited while scanning
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parents.keys()].filter((pid) => isDescendant(pid) && cmdline(pid).includes(needle));
}

/** A free loopback port (for servers that cannot listen on 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerChild {
  child: ChildProcess;
  /** What `ready` matched on the child's stderr. */
  ready: RegExpExecArray;
  /** Kills the child's whole process group and waits for it to exit. */
  stop(): Promise<void>;
}

export interface ServerChildOptions {
  /** Printed on stderr once the server listens. */
  ready: RegExp;
  what: string;
  /** Added to a bare environment (PATH only); secrets go here, never in argv. */
  env?: Record<string, string>;
  ms?: number;
}

/** Starts `node <args>` in its own process group; resolves once stderr matches `ready`. */
export async function startServerChild(
  args: string[],
  options: ServerChildOptions,
): Promise<ServerChild> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = false;
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const stop = async () => {
    if (exited || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitFor(() => exited, `${options.what} to exit`);
  };
  const ready = await waitFor(
    () => options.ready.exec(output) ?? exited,
    options.what,
    options.ms,
  ).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  if (ready === true) throw new Error(`${options.what} exited: ${output}`);
  return { child, ready, stop };
}

export interface HttpChild {
  child: ChildProcess;
  port: number;
  /** The MCP endpoint: /mcp for streamable HTTP, /sse for SSE. */
  url: string;
  stop(): Promise<void>;
}

/** server-everything over `sse` or `streamableHttp` on a free port; waits until it listens. */
export async function startEverythingHttp(
  mode: 'sse' | 'streamableHttp' = 'streamableHttp',
): Promise<HttpChild> {
  const port = await freePort();
  const { child, stop } = await startServerChild([EVERYTHING, mode], {
    ready: /running on port|listening on port/i,
    what: `everything ${mode}`,
    env: { PORT: String(port), GZIP_ALLOWED_DOMAINS: 'localhost,127.0.0.1' },
    ms: 15_000,
  });
  const path = mode === 'sse' ? '/sse' : '/mcp';
  return { child, port, url: `http://127.0.0.1:${port}${path}`, stop };
}
