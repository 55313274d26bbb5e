import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { validateEnv } from './env.schema';

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
    /** How browsers and OAuth servers reach Patchbay; unset: http://127.0.0.1:{listening port}. */
    publicUrl: str('PATCHBAY_PUBLIC_URL')?.replace(/\/+$/, ''),
    healthIntervalMs: num('PATCHBAY_HEALTH_INTERVAL_MS', 60_000),
    healthConcurrency: num('PATCHBAY_HEALTH_CONCURRENCY', 16),
    /** Delay of the first check after start-up, and after a server is enabled or gets a credential. */
    healthFirstCheckMs: num('PATCHBAY_HEALTH_FIRST_CHECK_MS', 1000),
    logLevel: (str('PATCHBAY_LOG_LEVEL') ?? 'log') as
      'error' | 'warn' | 'log' | 'debug' | 'verbose',
    maxBodyBytes: num('PATCHBAY_MAX_BODY_BYTES', 1024 * 1024),
    /** The folder Patchbay was started in: relative commands and cwd resolve against it. */
    launchDir: process.cwd(),
  };
}

export type PatchbayConfig = ReturnType<typeof read>;

/** The typed config namespace; the only reader of process.env. */
export const patchbayConfig = registerAs('patchbay', () => read(process.env));

/** For main.ts, which needs the values before the app exists. */
export const readPatchbayConfig = (): PatchbayConfig => read(process.env);
