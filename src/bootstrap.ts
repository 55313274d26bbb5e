import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { PatchbayConfig } from './config/patchbay.config';
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

/** Builds the app with everything main.ts and the e2e tests share (body limit, docs, logger). */
export async function createApp(
  config: PatchbayConfig,
  options: { logger?: boolean } = {},
): Promise<INestApplication> {
  const levels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: options.logger === false ? false : new RedactingLogger({ logLevels: levels }),
    forceCloseConnections: true,
    // Throw instead of process.exit, so main.ts prints one clear line and tests can assert it.
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.disable('x-powered-by');
  // ETags cost a hash per response and nothing here is cacheable by content.
  app.set('etag', false);
  // Every JSON body is masked as it is serialised, whatever an MCP server echoed.
  app.set('json replacer', processRedactor.jsonReplacer);
  // Only the signals that mean "stop": Nest's default list also takes SIGUSR2, SIGHUP and more.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Patchbay')
      .setDescription(
        'Wires MCP servers into an application: registry, client, routing, secrets, health.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
