import { ConsoleLogger } from '@nestjs/common';
import { processRedactor } from './redact';

/** Nest's own start-up chatter; shown only at debug level so start-up prints one line. */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's console logger with every known secret value masked before it is written. */
export class RedactingLogger extends ConsoleLogger {
  override log(message: unknown, context?: string): void {
    if (context && BOOT_CONTEXTS.has(context)) return this.debug(message, context);
    super.log(message, context);
  }

  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return processRedactor.redact(super.formatMessage(...args));
  }
}
