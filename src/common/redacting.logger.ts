import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { logFields } from './log-fields';
import { processRedactor } from './redact';

/** Nest's own start-up chatter; shown only at debug level so start-up prints one line. */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

type JsonOptions = {
  context?: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
};

/**
 * Nest's console logger with every known secret value masked before it is written. With
 * `json: true` (PATCHBAY_LOG_FORMAT=json) each entry is one JSON object a line: time,
 * level, context, message, and server_id, tool, run_id where they apply.
 */
export class RedactingLogger extends ConsoleLogger {
  private stampSecond = -1;
  private stamp = '';

  /** Nest formats the time with Intl on every line (~1 µs); it shows seconds, so once a second. */
  protected override getTimestamp(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = super.getTimestamp();
    }
    return this.stamp;
  }

  override log(message: unknown, context?: string): void {
    if (context && BOOT_CONTEXTS.has(context)) return this.debug(message, context);
    super.log(message, context);
  }

  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return processRedactor.redact(super.formatMessage(...args));
  }

  protected override printAsJson(message: unknown, options: JsonOptions): void {
    const entry = {
      time: new Date().toISOString(),
      level: options.logLevel,
      context: options.context ?? null,
      ...logFields(message),
      ...(options.errorStack ? { stack: options.errorStack } : {}),
    };
    const line = processRedactor.redact(this.stringifyJsonLogObject(entry));
    process[options.writeStreamType ?? 'stdout'].write(`${line}\n`);
  }
}
