import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { validateEnv } from './env.schema';
import { snapshotSecretEnv } from './secret-env';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function read(env: NodeJS.ProcessEnv) {
  const v = validateEnv(env) as Record<string, string | number | undefined>;
  const str = (key: string): string | undefined => {
    const value = v[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const num = (key: string, fallback: number): number =>
    typeof v[key] === 'number' ? (v[key] as number) : fallback;
  const host = str('PATCHBAY_HOST') ?? '127.0.0.1';
  return {
    host,
    port: num('PATCHBAY_PORT', 3000),
    isLoopback: LOOPBACK_HOSTS.has(host),
    configDir: resolve(str('PATCHBAY_CONFIG_DIR') ?? './config'),
    dataDir: resolve(str('PATCHBAY_DATA_DIR') ?? './data'),
    apiToken: str('PATCHBAY_API_TOKEN'),
    allowedOrigins: (str('PATCHBAY_ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, '').toLowerCase())
      .filter((o) => o.length > 0),
    secretsKey: str('PATCHBAY_SECRETS_KEY'),
    healthIntervalMs: num('PATCHBAY_HEALTH_INTERVAL_MS', 60_000),
    healthConcurrency: num('PATCHBAY_HEALTH_CONCURRENCY', 16),
    /** Delay of the first check after start-up, and after a server is enabled or gets a credential. */
    healthFirstCheckMs: num('PATCHBAY_HEALTH_FIRST_CHECK_MS', 1000),
    logLevel: (str('PATCHBAY_LOG_LEVEL') ?? 'log') as
      'error' | 'warn' | 'log' | 'debug' | 'verbose',
    maxBodyBytes: num('PATCHBAY_MAX_BODY_BYTES', 1024 * 1024),
    /** The environment credential lookups see (never PATCHBAY_* settings). */
    secretEnv: snapshotSecretEnv(env),
    /** The folder Patchbay was started in: relative commands and cwd resolve against it. */
    launchDir: process.cwd(),
  };
}

export type PatchbayConfig = ReturnType<typeof read>;

/**
 * Validates `env` once and reads every setting from it. main.ts calls it with process.env
 * (this folder is the only reader of process.env); test apps pass their own object.
 */
export const readPatchbayConfig = (env: NodeJS.ProcessEnv = process.env): PatchbayConfig =>
  read(env);

/**
 * The config's injection token and type. The value is the one readPatchbayConfig returned,
 * provided by PatchbayConfigModule.forRoot(config): read once per start, then passed in.
 */
export const patchbayConfig = registerAs('patchbay', (): PatchbayConfig => readPatchbayConfig());
