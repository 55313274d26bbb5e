/** Shared by the health and events e2e specs: fixture launches, polling and an SSE reader. */
import { get, IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { ROOT } from '../helpers/test-app';

export const BASE = '/api/v1/integrations/mcp-servers';
export const TINY = join(ROOT, 'test/fixtures/servers/health-tiny.mjs');
export const FAULT = join(ROOT, 'test/fixtures/servers/fault-server.mjs');

/** A stdio entry for the tiny fixture (mode ok, hang-ping or slow-ping). */
export const tiny = (mode = 'ok', extra: Record<string, unknown> = {}, arg?: string) => ({
  name: `Tiny ${mode}`,
  transport: 'stdio',
  command: process.execPath,
  args: [TINY, mode, ...(arg ? [arg] : [])],
  enabled: true,
  timeout_ms: 5_000,
  ...extra,
});

/** A stdio entry for the SDK-based fault fixture. */
export const fault = (mode = 'ok', extra: Record<string, unknown> = {}) => ({
  name: `Fault ${mode}`,
  transport: 'stdio',
  command: process.execPath,
  args: [FAULT, mode],
  enabled: true,
  timeout_ms: 5_000,
  ...extra,
});

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a process is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SseFrame {
  event: string;
  data: string;
}

export interface SseStream {
  response: IncomingMessage;
  frames: SseFrame[];
  comments: string[];
  /** Resolves with the first frame (from `from` on) that matches. */
  next(match: (f: SseFrame) => boolean, what: string, from?: number): Promise<SseFrame>;
  close(): void;
}

/** Opens an SSE stream with node:http and parses its frames as they arrive. */
export function openSse(url: string): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
      const frames: SseFrame[] = [];
      const comments: string[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) frame.data += line.slice(6);
          }
          if (frame.data !== '') frames.push(frame);
        }
      });
      resolve({
        response,
        frames,
        comments,
        next: (match, what, from = 0) =>
          waitFor(() => frames.slice(from).find(match), what, 10_000),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
