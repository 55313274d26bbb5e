import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { patchbayConfig } from '../config/patchbay.config';
import { hostNotAllowed, originNotAllowed, unauthorized } from './errors/catalogue';
import { registerJsonBody } from './json-body.parser';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
// Swagger's page, assets and JSON document (SwaggerModule.setup in bootstrap.ts).
const DOCS = /^\/api\/docs(-json\/?|\/.*)?$/i;
// Served by Patchbay, not UI files: they need the token like the API.
const GUARDED = /^\/metrics\/?$/i;

type Request = FastifyRequest;

/**
 * Runs before every request, routed or not: origin and host checks (so a web page elsewhere
 * cannot drive a local Patchbay) and the bearer token, in a Fastify `onRequest` hook, so
 * nothing is parsed for a caller that is turned away. Bodies are JSON only, without
 * prototype-polluting keys (see json-body.parser.ts).
 */
@Injectable()
export class RequestGuards implements OnModuleInit {
  private readonly token?: Buffer;
  private readonly ownByPort = new Map<number, { hosts: Set<string>; origins: Set<string> }>();

  constructor(
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.token = config.apiToken ? Buffer.from(config.apiToken) : undefined;
  }

  /** Before the app listens: Fastify gives every route the hooks it has when it is ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', this.onRequest);
    registerJsonBody(fastify);
  }

  /** A thrown PatchbayError reaches Fastify's error handler, which Nest points at our filter. */
  readonly onRequest = (req: Request, _reply: unknown, done: HookHandlerDoneFunction): void => {
    try {
      // Webhook senders are servers elsewhere: no token, no Origin; the signature guards it.
      if (isWebhook(req)) return done();
      this.checkOrigin(req);
      if (this.token && !isPublic(req)) this.checkToken(req);
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  };

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
      throw hostNotAllowed(host);
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (!origins.has(origin.toLowerCase().replace(/\/$/, ''))) {
      throw originNotAllowed(origin);
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
      throw unauthorized();
    }
  }
}

/** `POST /hooks/{playbook_id}`: checked by its HMAC signature (src/playbooks/webhook-guard.ts). */
function isWebhook(req: Request): boolean {
  return req.method === 'POST' && /^\/hooks\/[^/?]+\/?$/i.test(req.url.split('?')[0]);
}

function isPublic(req: Request): boolean {
  const raw = req.url.split('?')[0];
  // The token guards the API; the web UI's files (GET only, nothing under /api however
  // spelled) must load so the page can ask for it. So must the OpenAPI page: a browser
  // cannot send the header when it opens it (the contract puts the token on /api/v1).
  if ((req.method === 'GET' || req.method === 'HEAD') && (isUiPath(raw) || DOCS.test(raw))) {
    return true;
  }
  return req.method === 'GET' && raw.replace(/\/$/, '') === '/api/v1/health';
}

function isUiPath(raw: string): boolean {
  try {
    const path = decodeURIComponent(raw)
      .toLowerCase()
      .replace(/[\\/]+/g, '/');
    return !path.startsWith('/api') && !GUARDED.test(path) && !isMcpEndpoint(path);
  } catch {
    return false;
  }
}

/** /mcp and below speak MCP, not UI files: never public, the token applies to every method. */
function isMcpEndpoint(path: string): boolean {
  return path === '/mcp' || path.startsWith('/mcp/');
}
