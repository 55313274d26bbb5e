import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { LOG_LEVELS, validateEnv } from './env.schema';
import { snapshotSecretEnv } from './secret-env';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

type LogLevelName = (typeof LOG_LEVELS)[number];

/** `info` is accepted as `log`, its name in most other tools. */
const logLevel = (value: string | undefined): LogLevelName =>
  value === undefined || value === 'info' ? 'log' : (value as LogLevelName);

function read(env: NodeJS.ProcessEnv) {
  const v = validateEnv(env) as Record<string, string | number | undefined>;
  const str = (key: string): string | undefined => {
    const value = v[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const num = (key: string, fallback: number): number =>
    typeof v[key] === 'number' ? (v[key] as number) : fallback;
  const host = str('PATCHBAY_HOST') ?? '127.0.0.1';
  if (str('PATCHBAY_DATABASE_URL') && !str('PATCHBAY_SECRETS_KEY')) {
    // A key file in each replica's data folder would make each replica's secrets unreadable to the others.
    throw new Error(
      'Invalid environment:\n  PATCHBAY_DATABASE_URL needs PATCHBAY_SECRETS_KEY: every replica must use the same key.',
    );
  }
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
    logLevel: logLevel(str('PATCHBAY_LOG_LEVEL')),
    maxBodyBytes: num('PATCHBAY_MAX_BODY_BYTES', 1024 * 1024),
    runsRetentionDays: num('PATCHBAY_RUNS_RETENTION_DAYS', 30),
    logFormat: (str('PATCHBAY_LOG_FORMAT') ?? 'text') as 'text' | 'json',
    /** OpenTelemetry starts only when this is set (the SDK reads its other OTEL_* itself). */
    otlpEndpoint: str('OTEL_EXPORTER_OTLP_ENDPOINT'),
    otelServiceName: str('OTEL_SERVICE_NAME') ?? 'patchbay',
    /** POST/PATCH may define stdio servers (a command run on this host) only when true. */
    allowStdioFromApi: str('PATCHBAY_ALLOW_STDIO_FROM_API') === 'true',
    /** `hold`: a tool that appears on a server after its first listing waits for approval. */
    newTools: (str('PATCHBAY_NEW_TOOLS') ?? 'allow') as 'allow' | 'hold',
    /** postgres:// URL: every store moves to PostgreSQL and replicas share it (unset: files). */
    databaseUrl: str('PATCHBAY_DATABASE_URL'),
    /** This process among the replicas; unique per start unless set. */
    replicaId:
      str('PATCHBAY_REPLICA_ID') ??
      `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
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
