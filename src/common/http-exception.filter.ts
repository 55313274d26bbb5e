import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { ErrorBody } from './errors/error-body';
import { statusForCode } from './errors/error-status';
import { PatchbayError, PatchbayErrorCode } from './errors/patchbay.error';
import { processRedactor } from './redact';

interface BodyParserError {
  type: string;
  status: number;
}

const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as BodyParserError).type === 'string' &&
  typeof (e as BodyParserError).status === 'number';

const HTTP_CODES: Record<number, PatchbayErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden_origin',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Nest turns body-parser's SyntaxError and Express's URIError into a bare 400 before any
 * filter sees them; give those their own codes.
 */
function unparsable(exception: unknown, req: Request): PatchbayError | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 400) return undefined;
  if (exception.constructor.name !== 'BadRequestException') return undefined;
  return req.is('json')
    ? new PatchbayError('invalid_json', 'The request body is not valid JSON.')
    : new PatchbayError('validation_failed', 'The request URL is not validly encoded.');
}

/** Maps every failure to `{error: {code, message, details}}`; a 500 shows only an error_id. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const [status, body] = this.toBody(unparsable(exception, req) ?? exception);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json(processRedactor.redactDeep(body));
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
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.too.large') {
        return [
          413,
          { error: { code: 'payload_too_large', message: 'The request body is too large.' } },
        ];
      }
      if (exception.type === 'entity.parse.failed') {
        return [
          400,
          { error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } },
        ];
      }
      if (exception.status === 415 || exception.type === 'encoding.unsupported') {
        return [
          415,
          { error: { code: 'unsupported_media_type', message: 'Unsupported body encoding.' } },
        ];
      }
    }
    const errorId = randomUUID();
    const detail =
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`error_id=${errorId} ${processRedactor.redact(detail)}`);
    return [
      500,
      {
        error: {
          code: 'internal_error',
          message: `Internal error ${errorId}; the log has the details.`,
          details: { error_id: errorId },
        },
      },
    ];
  }
}
