/** Shared by the secrets e2e specs: fixture launches, child discovery and log capture. */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/test-app';

export const FAULT_SERVER = join(ROOT, 'test/fixtures/servers/fault-server.mjs');
export const HTTP_FIXTURE = join(ROOT, 'test/fixtures/servers/secrets-http-server.mjs');

/** A stdio fault-server entry whose credentials go into the child's environment. */
export const faultServer = (credentials: Record<string, unknown>[], extra = {}) => ({
  name: 'Fault server',
  transport: 'stdio',
  command: process.execPath,
  args: [FAULT_SERVER, 'ok'],
  enabled: true,
  credentials,
  timeout_ms: 10_000,
  ...extra,
});

export interface HttpFixture {
  url: string;
  child: ChildProcess;
  close(): void;
}

/** Starts the streamable HTTP fixture; the expected value travels in its env, never argv. */
export function startHttpFixture(env: Record<string, string>): Promise<HttpFixture> {
  const child = spawn(process.execPath, [HTTP_FIXTURE], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('HTTP fixture did not start')), 10_000);
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += String(d);
      const m = /ready (\S+)/.exec(text);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1], child, close: () => void child.kill('SIGKILL') });
    });
    child.once('exit', (code) => reject(new Error(`HTTP fixture exited (${code}): ${text}`)));
  });
}

/** Live descendants of this process whose command line contains `needle`. */
export function childPids(needle: string): number[] {
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
      if (p === process.pid) return true;
    }
    return false;
  };
  return [...parents.keys()].filter((pid) => isDescendant(pid) && cmdline(pid).includes(needle));
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Polls until `check` gives a truthy value or the deadline passes. */
export async function waitFor<T>(check: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: deadline passed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records everything written to stdout and stderr (where Nest's logger writes) until restored. */
export function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }),
  );
  return { text: () => chunks.join(''), restore: () => spies.forEach((s) => s.mockRestore()) };
}
