import { LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { PatchbayConfig } from './config/patchbay.config';
import { buildOpenApiDocument } from './common/openapi/openapi-document';
import { RedactingLogger } from './common/redacting.logger';
import { processRedactor } from './common/redact';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Without a token Patchbay may only listen on loopback: anyone who can reach it could drive it. */
export function assertSafeBind(config: PatchbayConfig): void {
  if (!config.apiToken && !config.isLoopback) {
    throw new Error(
      `Refusing to listen on ${config.host} without PATCHBAY_API_TOKEN: set a token, or use a loopback address.`,
    );
  }
}

/**
 * The Fastify adapter with the options main.ts and the test apps share. Routing matches
 * Express's defaults (case-insensitive, trailing slash ignored, no parameter length limit
 * below our own validation), so every URL the contract accepted still routes the same.
 */
export function createAdapter(config: Pick<PatchbayConfig, 'maxBodyBytes'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.maxBodyBytes,
    // Open SSE streams would otherwise hold app.close() until their clients leave.
    forceCloseConnections: true,
    // Fastify's own 503 body is not our error shape; answer normally until the socket closes.
    return503OnClosing: false,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1024 },
    // Patchbay has no Nest middleware (guards are Fastify hooks): skip the middie layer per request.
    skipMiddie: true,
    // Answered before routing, so neither hooks nor the exception filter see these.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const message =
        err.code === 'FST_ERR_BAD_URL'
          ? 'The request URL is not validly encoded.'
          : 'The request URL is not valid.';
      void reply.code(400).send({ error: { code: 'validation_failed', message } });
    },
  });
}

/**
 * What main.ts and every test app add to a created app: masked JSON, shutdown hooks and
 * the OpenAPI document. (Guards, body parsing and the UI are registered by their modules.)
 */
export function configureApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Every JSON body is masked as it is serialised, whatever an MCP server echoed. With no
  // secret known there is nothing to mask, and JSON.stringify without a replacer function
  // is ~1.3 µs faster on an invoke answer (a response schema saved less: content is free-form).
  fastify.setReplySerializer((payload: unknown) =>
    processRedactor.active
      ? JSON.stringify(payload, processRedactor.jsonReplacer)
      : JSON.stringify(payload),
  );
  // Only the signals that mean "stop": Nest's default list also takes SIGUSR2, SIGHUP and more.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  // Built on the first request for it, not at start: the document and the walk that builds
  // it took ~1.5 MB of heap for the life of a process that rarely serves it.
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
}

/** Builds the app with everything main.ts and the e2e tests share (body limit, docs, logger). */
export async function createApp(
  config: PatchbayConfig,
  options: { logger?: boolean } = {},
): Promise<NestFastifyApplication> {
  const levels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config),
    {
      // RequestGuards registers the only body parser (JSON, with the forbidden-key check).
      bodyParser: false,
      logger:
        options.logger === false
          ? false
          : new RedactingLogger({
              logLevels: levels,
              // ANSI colours only on a terminal: a log file or journald gets plain lines.
              colors: config.logFormat === 'text' && process.stdout.isTTY === true,
              ...(config.logFormat === 'json' ? { json: true, compact: true } : {}),
            }),
      // Throw instead of process.exit, so main.ts prints one clear line and tests can assert it.
      abortOnError: false,
    },
  );
  // Lets hot paths ask Logger.isLevelEnabled() before building a line nobody will see.
  if (options.logger !== false) Logger.overrideLogger(levels);
  configureApp(app);
  return app;
}
