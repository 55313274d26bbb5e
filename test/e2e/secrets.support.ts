/** Shared by the secrets e2e specs: fault-server entries, the HTTP fixture and log capture. */
import { ChildProcess } from 'node:child_process';
import { faultServer, fixtureScript } from '../helpers/fixtures';
import { startServerChild } from '../helpers/processes';

export const HTTP_FIXTURE = fixtureScript('secrets-http-server.mjs');

/** A stdio fault-server entry whose credentials go into the child's environment. */
export const faultWithCredentials = (credentials: Record<string, unknown>[], extra = {}) =>
  faultServer('ok', { name: 'Fault server', credentials, timeout_ms: 10_000, ...extra });

export interface HttpFixture {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/** Starts the streamable HTTP fixture; the expected value travels in its env, never argv. */
export async function startHttpFixture(env: Record<string, string>): Promise<HttpFixture> {
  const { child, ready, stop } = await startServerChild([HTTP_FIXTURE], {
    ready: /ready (\S+)/,
    what: 'the HTTP fixture',
    env,
  });
  return { url: ready[1], child, close: stop };
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
