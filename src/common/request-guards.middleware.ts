import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { patchbayConfig } from '../config/patchbay.config';
import { PatchbayError } from './errors/patchbay.error';
import { FORBIDDEN_KEYS } from './ids';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const MAX_DEPTH = 64;

/**
 * Runs before every API route: origin and host checks (so a web page elsewhere cannot
 * drive a local Patchbay), the bearer token, JSON-only bodies and prototype-polluting keys.
 */
@Injectable()
export class RequestGuardsMiddleware implements NestMiddleware {
  private readonly token?: Buffer;
  private readonly ownByPort = new Map<number, { hosts: Set<string>; origins: Set<string> }>();

  constructor(
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
  ) {
    this.token = config.apiToken ? Buffer.from(config.apiToken) : undefined;
  }

  use(req: Request, _res: Response, next: NextFunction): void {
    this.checkOrigin(req);
    if (this.token && !isPublic(req)) this.checkToken(req);
    checkBody(req);
    next();
  }

  /** Host and Origin values that name this service, per local port (built once per port). */
  private own(req: Request): { hosts: Set<string>; origins: Set<string> } {
    const port = req.socket.localPort ?? 0;
    let own = this.ownByPort.get(port);
    if (!own) {
      const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
      const names = [...LOOPBACK, host];
      const hosts = new Set(names.flatMap((n) => [`${n}:${port}`, ...(port === 80 ? [n] : [])]));
      const origins = new Set([
        ...[...hosts].flatMap((h) => [`http://${h}`, `https://${h}`]),
        ...this.config.allowedOrigins,
      ]);
      own = { hosts, origins };
      this.ownByPort.set(port, own);
    }
    return own;
  }

  private checkOrigin(req: Request): void {
    const { hosts, origins } = this.own(req);
    const host = req.headers.host?.toLowerCase();
    if (host && !hosts.has(host)) {
      throw new PatchbayError(
        'forbidden_origin',
        `Host "${host}" is not allowed; use this service's own address.`,
      );
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (!origins.has(origin.toLowerCase().replace(/\/$/, ''))) {
      throw new PatchbayError(
        'forbidden_origin',
        `Origin "${origin}" is not allowed; add it to PATCHBAY_ALLOWED_ORIGINS to let that page call Patchbay.`,
      );
    }
  }

  private checkToken(req: Request): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    const given = match ? Buffer.from(match[1]) : Buffer.alloc(0);
    const ok =
      this.token !== undefined &&
      given.length === this.token.length &&
      timingSafeEqual(given, this.token);
    if (!ok) {
      throw new PatchbayError(
        'unauthorized',
        'A valid "Authorization: Bearer <token>" header is required.',
      );
    }
  }
}

function isPublic(req: Request): boolean {
  const raw = req.originalUrl.split('?')[0];
  // The token guards the API; the web UI's files (GET only, nothing under /api however
  // spelled) must load so the page can ask for it.
  if ((req.method === 'GET' || req.method === 'HEAD') && isUiPath(raw)) return true;
  return req.method === 'GET' && raw.replace(/\/$/, '') === '/api/v1/health';
}

function isUiPath(raw: string): boolean {
  try {
    const path = decodeURIComponent(raw)
      .toLowerCase()
      .replace(/[\\/]+/g, '/');
    return !path.startsWith('/api');
  } catch {
    return false;
  }
}

function checkBody(req: Request): void {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return;
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\b/i.test(type)) {
    throw new PatchbayError('unsupported_media_type', 'The request body must be application/json.');
  }
  const key = findForbiddenKey(req.body, 0);
  if (key) {
    throw new PatchbayError(
      'forbidden_key',
      `The key "${key}" is not allowed anywhere in a request body.`,
    );
  }
}

function findForbiddenKey(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
