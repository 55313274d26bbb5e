import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
/** `info` is what most tools call Nest's `log` level. */
const LOG_LEVEL_NAMES = [...LOG_LEVELS, 'info'];
export const LOG_FORMATS = ['text', 'json'] as const;

/** Every environment variable Patchbay reads; validated once at boot. */
export class EnvSchema {
  @IsOptional() @IsString() PATCHBAY_HOST?: string;
  @IsOptional() @IsInt() @Min(0) @Max(65535) PATCHBAY_PORT?: number;
  @IsOptional() @IsString() PATCHBAY_CONFIG_DIR?: string;
  @IsOptional() @IsString() PATCHBAY_DATA_DIR?: string;
  @IsOptional() @IsString() @MinLength(16) PATCHBAY_API_TOKEN?: string;
  @IsOptional() @IsString() PATCHBAY_ALLOWED_ORIGINS?: string;
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PATCHBAY_PUBLIC_URL must be an http(s) URL without query or fragment',
  })
  PATCHBAY_PUBLIC_URL?: string;
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'PATCHBAY_SECRETS_KEY must be 32 bytes as 64 hex characters or base64',
  })
  PATCHBAY_SECRETS_KEY?: string;
  @IsOptional() @IsInt() @Min(1000) PATCHBAY_HEALTH_INTERVAL_MS?: number;
  @IsOptional()
  @IsIn(LOG_LEVEL_NAMES, {
    message: `PATCHBAY_LOG_LEVEL must be one of: ${LOG_LEVEL_NAMES.join(', ')}`,
  })
  PATCHBAY_LOG_LEVEL?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) PATCHBAY_HEALTH_CONCURRENCY?: number;
  @IsOptional() @IsInt() @Min(0) PATCHBAY_HEALTH_FIRST_CHECK_MS?: number;
  @IsOptional() @IsInt() @Min(1024) PATCHBAY_MAX_BODY_BYTES?: number;
  @IsOptional() @IsInt() @Min(1) @Max(3650) PATCHBAY_RUNS_RETENTION_DAYS?: number;
  @IsOptional() @IsIn(LOG_FORMATS) PATCHBAY_LOG_FORMAT?: string;
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  @IsOptional() @IsString() OTEL_SERVICE_NAME?: string;
  @IsOptional() @IsIn(['true', 'false']) PATCHBAY_ALLOW_STDIO_FROM_API?: string;
  @IsOptional() @IsIn(['allow', 'hold']) PATCHBAY_NEW_TOOLS?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'PATCHBAY_DATABASE_URL must be a postgres:// URL',
  })
  PATCHBAY_DATABASE_URL?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'PATCHBAY_REPLICA_ID must be 1-64 letters, digits, dots, dashes or underscores',
  })
  PATCHBAY_REPLICA_ID?: string;
}

const NUMERIC = [
  'PATCHBAY_PORT',
  'PATCHBAY_HEALTH_INTERVAL_MS',
  'PATCHBAY_HEALTH_CONCURRENCY',
  'PATCHBAY_HEALTH_FIRST_CHECK_MS',
  'PATCHBAY_MAX_BODY_BYTES',
  'PATCHBAY_RUNS_RETENTION_DAYS',
];

/** Validates the environment once per start (readPatchbayConfig): one error listing every problem. */
export function validateEnv(raw: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...raw };
  for (const key of NUMERIC) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() !== '') input[key] = Number(value);
  }
  const env = plainToInstance(EnvSchema, input);
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (problems.length > 0) {
    // Values are not echoed: PATCHBAY_API_TOKEN and PATCHBAY_SECRETS_KEY are secrets.
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return input;
}
