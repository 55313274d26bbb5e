import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ValidationFailedError,
  compressedBody,
  forbiddenKey,
  invalidJson,
  notJson,
} from './errors/catalogue';
import { FORBIDDEN_KEYS } from './ids';
import { BODY_NOT_OBJECT } from './null-fields';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\b/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const BODY_NOT_OBJECT_OR_ARRAY = 'The request body must be a JSON object or array.';
const MAX_DEPTH = 64;
/**
 * A forbidden key can only be in the text literally or spelled with a \\u escape (none of them
 * holds another escapable character): text without either needs no key lookup
 * (secure-json-parse's raw-text check, widened to our three keys).
 */
const SUSPECT_TEXT = /__proto__|constructor|prototype|\\u/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The only body parsers: JSON (objects, and arrays outside /api, UTF-8, uncompressed, at most
 * 64 levels deep) with no prototype-polluting key anywhere, and for any other type a
 * 415 when a POST, PUT or PATCH carries a body. Parse failures are PatchbayErrors, so
 * the exception filter answers them in our shape.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const raw = body as Buffer;
      if (keepsRawBody(req)) (req as RawBodyRequest).rawBody = raw;
      done(null, parseJson(req, raw.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (req, _payload, done) => {
    if (BODY_METHODS.has(req.method) && hasBody(req)) done(notJson(), undefined);
    else done(null, undefined);
  });
}

/** A request whose exact bytes a handler needs (webhook signatures are over the raw body). */
export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

const RAW_BODY_PATHS = /^\/hooks\//i;

function keepsRawBody(req: FastifyRequest): boolean {
  return RAW_BODY_PATHS.test(req.url);
}

function parseJson(req: FastifyRequest, body: string): unknown {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1].toLowerCase();
  const encoding = req.headers['content-encoding']?.toLowerCase() ?? 'identity';
  if (charset && !charset.startsWith('utf-')) throw notJson();
  if (encoding !== 'identity') throw compressedBody();
  // An empty body is a common client slip; body-parser took it as {} too.
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalidJson();
  }
  // Every /api body is an object; elsewhere (/mcp) a JSON-RPC batch may be an array.
  const isApi = req.url.toLowerCase().startsWith('/api/');
  if (value === null || typeof value !== 'object' || (isApi && Array.isArray(value))) {
    throw new ValidationFailedError(isApi ? BODY_NOT_OBJECT : BODY_NOT_OBJECT_OR_ARRAY);
  }
  const key = walk(value, SUSPECT_TEXT.test(body));
  if (key) throw forbiddenKey(key);
  return value;
}

function hasBody(req: FastifyRequest): boolean {
  return (
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  );
}

/**
 * Walks every object and array iteratively (no stack to overflow): refuses nesting past
 * MAX_DEPTH, which later checks (class-validator, ajv) would recurse into, and, when the raw
 * text is suspect, finds a forbidden key at any depth.
 */
function walk(root: unknown, lookForKeys: boolean): string | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      throw new ValidationFailedError(
        `The request body is nested more than ${MAX_DEPTH} levels deep.`,
      );
    }
    for (const key of Object.keys(value)) {
      if (lookForKeys && FORBIDDEN_KEYS.has(key)) return key;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
