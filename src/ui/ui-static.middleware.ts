import { Injectable, NestMiddleware } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

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
 * routes (the SPA fallback). Anything under /api is passed on untouched, so a missing
 * API route still answers the JSON 404.
 */
@Injectable()
export class UiStaticMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const path = req.originalUrl.split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PREFIX.test(path)) return next();
    const root = findUiRoot();
    if (!root) return next();
    const file = safeRelative(path);
    if (file && isFile(join(root, file))) {
      res.setHeader('Cache-Control', file.startsWith('assets/') ? IMMUTABLE : 'no-cache');
      return res.sendFile(file, { root, dotfiles: 'deny' }, (err) => done(err, res, next));
    }
    if (extname(path) !== '' || !acceptsHtml(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root }, (err) => done(err, res, next));
  }
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

function acceptsHtml(req: Request): boolean {
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

/** A send that failed before any byte went out falls through to the JSON error handling. */
function done(err: Error | undefined, res: Response, next: NextFunction): void {
  if (err && !res.headersSent) next(err);
}
