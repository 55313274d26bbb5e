/** Shared by the MCP client e2e specs: fixture launches, HTTP server children, polling. */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EVERYTHING, ROOT } from '../helpers/test-app';

export const SERVERS = '/api/v1/integrations/mcp-servers';
export const FAULT = join(ROOT, 'test/fixtures/servers/fault-server.mjs');

/** A stdio entry for the SDK-based fault fixture. */
export const fault = (mode = 'ok', extra: Record<string, unknown> = {}, arg?: string) => ({
  name: `Fault ${mode}`,
  transport: 'stdio',
  command: process.execPath,
  args: [FAULT, mode, ...(arg ? [arg] : [])],
  enabled: true,
  timeout_ms: 5_000,
  ...extra,
});

/** Polls `probe` until it returns a truthy value; fails naming `what` after `ms`. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const gone = (pid: number, what: string) => waitFor(() => !alive(pid), what, 8_000);

/** A free loopback port (the HTTP servers under test cannot listen on 0 and report it). */
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

export interface HttpChild {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts server-everything over `sse` or `streamableHttp` on a free port; waits until it listens. */
export async function startEverythingHttp(mode: 'sse' | 'streamableHttp'): Promise<HttpChild> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      GZIP_ALLOWED_DOMAINS: 'localhost,127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitFor(
    () => /running on port|listening on port/i.test(output),
    `everything ${mode}`,
    15_000,
  );
  return {
    child,
    port,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, 'everything exit');
    },
  };
}

/** Starts test/fixtures/servers/http-session-server.mjs (it listens on an ephemeral port). */
export async function startSessionServer(): Promise<HttpChild> {
  const script = join(ROOT, 'test/fixtures/servers/http-session-server.mjs');
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const match = await waitFor(() => /listening (\d+)/.exec(output), 'http-session-server');
  const port = Number(match[1]);
  return {
    child,
    port,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, 'server exit');
    },
  };
}
