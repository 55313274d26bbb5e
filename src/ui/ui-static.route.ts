import fastifyStatic from '@fastify/static';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/**
 * Where `vite build` puts the UI: dist/public beside the compiled dist/ui module, or the
 * repo's dist/public when the app runs from src/ (ts-jest, ts-node).
 */
export function findUiRoot(): string | undefined {
  const candidates = [resolve(__dirname, '../public'), resolve(__dirname, '../../dist/public')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

const API_PREFIX = /^\/api(\/|$)/;
// Hashed file names under assets/ never change content, so browsers may keep them.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built UI at `/`: a real file when one matches, else index.html for page
 * routes (the SPA fallback). A Fastify catch-all route, so every route Nest declares wins
 * over it; anything under /api goes on to the not-found handler and its JSON 404.
 */
@Injectable()
export class UiStaticRoute implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Only for reply.sendFile (MIME types, HEAD, ranges); the route below decides what to send.
    void fastify.register(fastifyStatic, { serve: false });
    fastify.get('/*', (req, reply) => serve(req, reply));
  }
}

function serve(req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split('?')[0];
  const root = API_PREFIX.test(path) ? undefined : findUiRoot();
  if (!root) return reply.callNotFound();
  const file = safeRelative(path);
  if (file && isFile(join(root, file))) {
    void reply
      .header('Cache-Control', file.startsWith('assets/') ? IMMUTABLE : 'no-cache')
      .sendFile(file, root, { cacheControl: false, dotfiles: 'deny' });
    return;
  }
  if (extname(path) !== '' || !acceptsHtml(req)) return reply.callNotFound();
  void reply
    .header('Cache-Control', 'no-cache')
    .sendFile('index.html', root, { cacheControl: false });
}

/** The request path as a file path inside the UI folder, or undefined for `/` and `..`. */
function safeRelative(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const rel = decoded.replace(/^\/+/, '');
  if (rel === '' || rel.split('/').some((part) => part === '..' || part.startsWith('.'))) {
    return undefined;
  }
  return rel;
}

function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
