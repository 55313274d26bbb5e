import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { processRedactor } from '../common/redact';

/**
 * Masks every known secret value in JSON responses: an MCP server may echo a credential in a
 * tool result or an error text, and that must not reach a client. Errors are masked by the
 * exception filter; streams written straight to the response (SSE) mask their own data.
 */
@Injectable()
export class RedactResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(map(redactBody));
  }
}

/** Redacts what JSON.stringify would send, so Dates and toJSON keep their wire form. */
export function redactBody(body: unknown): unknown {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string') return processRedactor.redact(body);
  if (typeof body !== 'object' || Buffer.isBuffer(body) || isStream(body)) return body;
  return processRedactor.redactDeep(JSON.parse(JSON.stringify(body)) as unknown);
}

const isStream = (body: object): boolean =>
  typeof (body as { pipe?: unknown }).pipe === 'function' ||
  typeof (body as { getStream?: unknown }).getStream === 'function';
