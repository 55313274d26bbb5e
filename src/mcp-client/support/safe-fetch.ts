import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { currentTraceparent } from '../../common/tracing';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The fetch Patchbay gives the HTTP transports:
 * - each request gets its own AbortController, linked to the transport's shared signal only
 *   while the request (and its body) is alive: the SDK hands one long-lived signal to every
 *   request, and listeners pile up on it under load;
 * - redirects are followed only within the request's origin; a redirect elsewhere is refused,
 *   so credential headers never travel to another host.
 */
export function createSafeFetch(base: FetchLike = fetch): FetchLike {
  return async (input, init = {}) => {
    let url = new URL(String(input));
    for (let hop = 0; ; hop++) {
      const response = await fetchLinked(base, url, init);
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      if (!location) return response;
      const target = new URL(location, url);
      if (target.origin !== url.origin || target.username || target.password) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`Refused a redirect from ${url.origin} to another origin.`);
      }
      // A 301/302/303 would turn a JSON-RPC POST into a GET; the caller sees it unfollowed.
      const keepsMethod = response.status === 307 || response.status === 308;
      if (!keepsMethod && (init.method ?? 'GET').toUpperCase() !== 'GET') return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new Error(`Too many redirects from ${url.origin}.`);
      url = target;
    }
  };
}

async function fetchLinked(base: FetchLike, url: URL, init: RequestInit): Promise<Response> {
  const parent = init.signal ?? undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  const release = () => parent?.removeEventListener('abort', onAbort);
  try {
    const response = await base(url, {
      ...init,
      headers: withTraceparent(init.headers),
      signal: controller.signal,
      redirect: 'manual',
    });
    if (!response.body) {
      release();
      return response;
    }
    return new Response(releasingBody(response.body, release), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (err) {
    release();
    throw err;
  }
}

/** Adds the caller's `traceparent` when tracing is on (W3C trace context over HTTP). */
function withTraceparent(headers: RequestInit['headers']): RequestInit['headers'] {
  const traceparent = currentTraceparent();
  if (!traceparent) return headers;
  const out = new Headers(headers);
  out.set('traceparent', traceparent);
  return out;
}

/** Passes the body through and unlinks the signal once it ends, fails or is cancelled. */
function releasingBody(body: ReadableStream<Uint8Array>, release: () => void) {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (err) {
        release();
        controller.error(err);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}
