/** Shared by the health and events e2e specs: the API path and an SSE reader. */
import { get, IncomingMessage } from 'node:http';
import { waitFor } from '../helpers/wait';

export const BASE = '/api/v1/integrations/mcp-servers';

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
