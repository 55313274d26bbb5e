import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { readPatchbayConfig } from '../../src/config/patchbay.config';

// Kept here too: specs import these from test-app.
export { EVERYTHING, everythingStdio, FILESYSTEM, MEMORY, ROOT } from './fixtures';

export type ServersFile = { mcp_servers: Record<string, Record<string, unknown>> };

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** Base URL of the listening server (for SSE and raw fetches). */
  url: string;
  configDir: string;
  dataDir: string;
  dir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  servers?: ServersFile['mcp_servers'];
  routes?: Record<string, { server_id: string; tool_name: string }>;
  env?: Record<string, string>;
  /** Reuse folders (to test persistence across a restart). */
  dir?: string;
  /** Turn the app's redacting logger on (it writes to stdout/stderr) even without PATCHBAY_TEST_LOGS=1. */
  logs?: boolean;
}

/**
 * Boots the whole AppModule on a temp config and data folder, listening on an ephemeral
 * loopback port. Its config comes from `env` over process.env, which is never changed.
 */
export async function startApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'patchbay-test-'));
  const configDir = join(dir, 'config');
  const dataDir = join(dir, 'data');
  mkdirSync(configDir, { recursive: true });
  if (options.servers) {
    writeFileSync(
      join(configDir, 'mcp_servers.json'),
      JSON.stringify({ mcp_servers: options.servers }, null, 2),
    );
  }
  if (options.routes) {
    writeFileSync(
      join(configDir, 'tool_routes.json'),
      JSON.stringify({ tool_routes: options.routes }, null, 2),
    );
  }
  const env: Record<string, string> = {
    PATCHBAY_CONFIG_DIR: configDir,
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_LOG_LEVEL: 'error',
    PATCHBAY_HEALTH_INTERVAL_MS: '3600000',
    // Tests drive checks themselves (job.tick(), POST health-check); nothing starts on its own.
    PATCHBAY_HEALTH_FIRST_CHECK_MS: '3600000',
    ...options.env,
  };
  // The app reads its config from this object only; process.env is never changed.
  const config = readPatchbayConfig({ ...process.env, ...env });
  const app = await createApp(config, {
    logger: options.logs === true || process.env.PATCHBAY_TEST_LOGS === '1',
  });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    http: request(url),
    url,
    configDir,
    dataDir,
    dir,
    close: async () => {
      await app.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
