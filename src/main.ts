import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { assertSafeBind, createApp } from './bootstrap';
import { readPatchbayConfig } from './config/patchbay.config';

async function main(): Promise<void> {
  const config = readPatchbayConfig();
  assertSafeBind(config);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // The bound port, so PATCHBAY_PORT=0 (any free port) prints the one it got.
  const bound = app.getHttpServer().address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  Logger.log(`Patchbay listening on http://${host}:${port}`, 'Bootstrap');
}

main().catch((err: unknown) => {
  console.error(`Patchbay failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
