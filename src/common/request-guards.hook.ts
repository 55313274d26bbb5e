import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { patchbayConfig } from '../config/patchbay.config';
import {
  forbiddenScope,
  hostNotAllowed,
  originNotAllowed,
  outsideToolsets,
  unauthorized,
} from './errors/catalogue';
import { allows, requirementFor } from './access/access-rules';
import { API_KEY_VERIFIER, ApiKeyVerifier } from './access/api-key-verifier';
import './access/request-principal';
import { Principal, SCOPE_CONFIG_KEY } from './access/scopes';
import { registerJsonBody } from './json-body.parser';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
// Swagger's page, assets and JSON document (SwaggerModule.setup in bootstrap.ts).
const DOCS = /^\/api\/docs(-json\/?|\/.*)?$/i;
// Served outside /api but never UI files: the MCP endpoints and the metrics.
const NOT_UI = /^\/(mcp(\/.*)?|metrics\/?)$/;
const ADMIN: Principal = { kind: 'admin' };
// Upstream OAuth (src/oauth): the authorization server sends the browser back to the callback,
// which carries no bearer token (its single-use `state` is the proof); authorization servers
// fetch the client ID metadata document without one.
const OAUTH_PUBLIC = /^\/oauth\/(callback|client-metadata\.json)$/;

type Request = FastifyRequest;

/**
 * Runs before every request, routed or not: origin and host checks (so a web page elsewhere
 * cannot drive a local Patchbay), the bearer (the admin token or an API key) and the scope
 * the route needs, in a Fastify `onRequest` hook, so nothing is parsed for a caller that is
 * turned away. Bodies are JSON only, without prototype-polluting keys (json-body.parser.ts).
 */
@Injectable()
export class RequestGuards implements OnModuleInit {
  private readonly token?: Buffer;
  private readonly ownByPort = new Map<number, { hosts: Set<string>; origins: Set<string> }>();

  constructor(
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly keys?: ApiKeyVerifier,
  ) {
    this.token = config.apiToken ? Buffer.from(config.apiToken) : undefined;
  }

  /** Before the app listens: Fastify gives every route the hooks it has when it is ready. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Declared up front so every request object keeps one shape (V8 hidden classes).
    if (!fastify.hasRequestDecorator('patchbayPrincipal')) {
      fastify.decorateRequest('patchbayPrincipal', undefined);
    }
    fastify.addHook('onRequest', this.onRequest);
    registerJsonBody(fastify);
  }

  /** A thrown PatchbayError reaches Fastify's error handler, which Nest points at our filter. */
  readonly onRequest = (req: Request, _reply: unknown, done: HookHandlerDoneFunction): void => {
    try {
      // Webhook senders are servers elsewhere: no token, no Origin; the signature guards it.
      if (isWebhook(req)) return done();
      this.checkOrigin(req);
      if (!isPublic(req)) this.checkAccess(req);
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
      for (const h of publicHost(this.config.publicUrl)) hosts.add(h);
      const origins = new Set([
        ...[...hosts].flatMap((h) => [`http://${h}`, `https://${h}`]),
        ...(this.config.publicUrl ? [new URL(this.config.publicUrl).origin.toLowerCase()] : []),
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

  /** Who is calling, then whether the route's scope lets them (see access/access-rules.ts). */
  private checkAccess(req: Request): void {
    const principal = this.authenticate(req);
    req.patchbayPrincipal = principal;
    if (principal.kind === 'admin') return;
    const need = requirementFor(req.method, req.url, req.routeOptions.config?.[SCOPE_CONFIG_KEY]);
    if (allows(principal, need)) return;
    const where = `${req.method} ${req.url.split('?')[0]}`;
    throw need.scope === 'mcp' && principal.scopes.includes('mcp')
      ? outsideToolsets(principal.toolsets, where, principal.id)
      : forbiddenScope(need.scope, where, principal.id);
  }

  /**
   * The admin token is admin; any other bearer must be a live API key. Without a bearer
   * the caller is admin only when no admin token is set (loopback-only, as before keys).
   */
  private authenticate(req: Request): Principal {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      if (this.token) throw unauthorized();
      return ADMIN;
    }
    const given = Buffer.from(match[1]);
    if (this.token && given.length === this.token.length && timingSafeEqual(given, this.token)) {
      return ADMIN;
    }
    const key = this.keys?.verify(match[1]);
    if (!key) throw unauthorized();
    return key;
  }
}

/** `POST /hooks/{playbook_id}`: checked by its HMAC signature (src/playbooks/webhook-guard.ts). */
function isWebhook(req: Request): boolean {
  return req.method === 'POST' && /^\/hooks\/[^/?]+\/?$/i.test(req.url.split('?')[0]);
}

/** Behind a proxy, requests arrive with PATCHBAY_PUBLIC_URL's host (its port, if any, kept). */
function publicHost(publicUrl: string | undefined): string[] {
  return publicUrl ? [new URL(publicUrl).host.toLowerCase()] : [];
}

function isPublic(req: Request): boolean {
  const raw = req.url.split('?')[0];
  if (req.method === 'GET' && OAUTH_PUBLIC.test(raw)) return true;
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
    return !path.startsWith('/api') && !NOT_UI.test(path);
  } catch {
    return false;
  }
}
