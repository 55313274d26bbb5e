import { askForToken, authHeaders, getToken } from './api';

export type StreamState = 'connecting' | 'live' | 'retrying';

export interface StreamHandlers {
  onEvent(event: string, data: string): void;
  onState(state: StreamState): void;
}

const RETRY_MS = 2000;

/**
 * Follows a server-sent events stream. EventSource cannot send headers, so when a token is
 * set the stream is read with fetch() and parsed here. Returns a function that stops it.
 */
export function followEvents(path: string, handlers: StreamHandlers): () => void {
  const controller = new AbortController();
  let source: EventSource | null = null;
  let stopped = false;

  const startEventSource = () => {
    source = new EventSource(path);
    source.onopen = () => handlers.onState('live');
    source.addEventListener('server', (e) => handlers.onEvent('server', (e as MessageEvent).data));
    source.addEventListener('tool_pin', (e) =>
      handlers.onEvent('tool_pin', (e as MessageEvent).data),
    );
    // EventSource hides the status; on failure switch to fetch, which can see a 401.
    source.onerror = () => {
      source?.close();
      source = null;
      handlers.onState('retrying');
      if (!stopped) setTimeout(() => !stopped && void loop(), RETRY_MS);
    };
  };

  const loop = async () => {
    while (!stopped) {
      handlers.onState('connecting');
      try {
        const res = await fetch(path, {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal: controller.signal,
        });
        if (res.status === 401) {
          if (!(await askForToken())) return handlers.onState('retrying');
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        handlers.onState('live');
        await readStream(res.body, handlers.onEvent);
      } catch {
        if (stopped) return;
      }
      handlers.onState('retrying');
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  };

  if (getToken() === null && typeof EventSource !== 'undefined') startEventSource();
  else void loop();
  return () => {
    stopped = true;
    source?.close();
    controller.abort();
  };
}

/** Parses the text/event-stream format: blocks split by a blank line, `event:` and `data:`. */
async function readStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    // Patchbay ends lines with \n; a lone \r would only come from another server.
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block, onEvent);
    }
  }
}

function dispatch(block: string, onEvent: (event: string, data: string) => void): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0) onEvent(event, data.join('\n'));
}
