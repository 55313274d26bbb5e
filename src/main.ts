import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { readPatchbayConfig } from './config/patchbay.config';

async function main(): Promise<void> {
  const config = readPatchbayConfig();
  if (!config.apiToken && !config.isLoopback) {
    throw new Error(
      `Refusing to listen on ${config.host} without PATCHBAY_API_TOKEN: set a token, or use a loopback address.`,
    );
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  Logger.log(`Patchbay listening on http://${host}:${config.port}`, 'Bootstrap');
}

main().catch((err: unknown) => {
  console.error(`Patchbay failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
