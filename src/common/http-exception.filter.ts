import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply } from 'fastify';
import { ErrorBody } from './errors/error-body';
import { statusForCode } from './errors/error-status';
import { PatchbayError, PatchbayErrorCode } from './errors/catalogue';
import { processRedactor } from './redact';

/** Fastify's own errors (body limit, media type, bad framing) carry a code and a status. */
const isFastifyError = (e: unknown): e is FastifyError & { statusCode: number } =>
  e instanceof Error &&
  typeof (e as Partial<FastifyError>).code === 'string' &&
  (e as FastifyError).code.startsWith('FST_') &&
  typeof (e as Partial<FastifyError>).statusCode === 'number';

const HTTP_CODES: Record<number, PatchbayErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden_origin',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

const FASTIFY_MESSAGES: Record<number, string> = {
  413: 'The request body is too large.',
  415: 'The request body must be application/json.',
};

/** Maps every failure to `{error: {code, message, details}}`; a 500 shows only an error_id. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toBody(exception);
    // A hijacked reply (the event stream) or one already on its way cannot take a body.
    if (res.sent || res.raw.headersSent) {
      res.raw.end();
      return;
    }
    void res.code(status).send(processRedactor.redactDeep(body));
  }

  toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof PatchbayError && exception.code !== 'internal_error') {
      const { code, message, details } = exception;
      return [statusForCode(code), { error: { code, message, ...(details && { details }) } }];
    }
    if (exception instanceof HttpException && HTTP_CODES[exception.getStatus()]) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status];
      const message = status === 404 ? 'No such route.' : exception.message;
      return [status, { error: { code, message } }];
    }
    if (isFastifyError(exception) && HTTP_CODES[exception.statusCode]) {
      const status = exception.statusCode;
      const message = FASTIFY_MESSAGES[status] ?? exception.message;
      return [status, { error: { code: HTTP_CODES[status], message } }];
    }
    const errorId = randomUUID();
    // A tool call's unexpected failure comes wrapped with its run_id; log what was wrapped.
    const runId = exception instanceof PatchbayError ? exception.details?.run_id : undefined;
    const cause = exception instanceof PatchbayError ? (exception.cause ?? exception) : exception;
    const detail = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    this.logger.error(`error_id=${errorId} ${processRedactor.redact(detail)}`);
    return [
      500,
      {
        error: {
          code: 'internal_error',
          message: `Internal error ${errorId}; the log has the details.`,
          details: { error_id: errorId, ...(runId !== undefined && { run_id: runId }) },
        },
      },
    ];
  }
}
