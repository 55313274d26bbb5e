import type { FastifyInstance, FastifyRequest } from 'fastify';
import { compressedBody, forbiddenKey, invalidJson, notJson } from './errors/catalogue';
import { FORBIDDEN_KEYS } from './ids';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\b/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*(.)/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A forbidden key can only be in the text literally or spelled with a \u escape (none of them
 * holds another escapable character): text without either needs no walk (secure-json-parse's
 * raw-text check, widened to our three keys).
 */
const SUSPECT_TEXT = /__proto__|constructor|prototype|\\u/;

/**
 * The only body parsers: JSON (objects and arrays, UTF-8, uncompressed, as Express's
 * body-parser accepted) with no prototype-polluting key anywhere, and for any other type a
 * 415 when a POST, PUT or PATCH carries a body. Parse failures are PatchbayErrors, so
 * the exception filter answers them in our shape.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (req, body, done) => {
    try {
      done(null, parseJson(req, body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (req, _payload, done) => {
    if (BODY_METHODS.has(req.method) && hasBody(req)) done(notJson(), undefined);
    else done(null, undefined);
  });
}

function parseJson(req: FastifyRequest, body: string): unknown {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1].toLowerCase();
  const encoding = req.headers['content-encoding']?.toLowerCase() ?? 'identity';
  if (charset && !charset.startsWith('utf-')) throw notJson();
  if (encoding !== 'identity') throw compressedBody();
  // An empty body is a common client slip; body-parser took it as {} too.
  if (body.length === 0) return {};
  const first = FIRST_CHAR.exec(body)?.[1];
  let value: unknown;
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
    value = JSON.parse(body);
  } catch {
    throw invalidJson();
  }
  const key = SUSPECT_TEXT.test(body) ? findForbiddenKey(value) : undefined;
  if (key) throw forbiddenKey(key);
  return value;
}

function hasBody(req: FastifyRequest): boolean {
  return (
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  );
}

/** Walks every object and array iteratively: no depth is too deep to be checked. */
function findForbiddenKey(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}
