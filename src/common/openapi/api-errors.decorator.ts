import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSecurity,
  getSchemaPath,
} from '@nestjs/swagger';
import { statusForCode } from '../errors/error-status';
import { PatchbayErrorCode } from '../errors/catalogue';

export const BEARER_SCHEME = 'bearer';

class ErrorDetailDto {
  @ApiProperty({ description: 'A stable code, e.g. server_not_found' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}

/** The one error body (src/common/errors/error-body.ts) every failed request answers with. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorDetailDto }) error!: ErrorDetailDto;
}

/** Errors the request guards and the JSON body parser answer before any handler runs. */
const GUARD_ERRORS: PatchbayErrorCode[] = ['forbidden_origin'];
const TOKEN_ERRORS: PatchbayErrorCode[] = ['unauthorized'];
/** For a route that takes a JSON body (add to its ApiErrors). */
export const BODY_ERRORS: PatchbayErrorCode[] = [
  'invalid_json',
  'forbidden_key',
  'payload_too_large',
  'unsupported_media_type',
];

/** What a call to an MCP server can fail with (502/504), for routes that reach one. */
export const UPSTREAM_ERRORS: PatchbayErrorCode[] = [
  'mcp_spawn_failed',
  'mcp_connect_failed',
  'mcp_protocol_error',
  'mcp_server_unavailable',
  'mcp_timeout',
];

function errorResponses(codes: PatchbayErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, Set<PatchbayErrorCode>>();
  for (const code of codes) {
    const status = statusForCode(code);
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...[...byStatus.entries()].map(([status, set]) =>
      ApiResponse({
        status,
        description: [...set].map((c) => `\`${c}\``).join(', '),
        schema: errorSchema([...set]),
      }),
    ),
  );
}

/** The one error body, its `code` narrowed to the codes this answer can carry. */
function errorSchema(codes: PatchbayErrorCode[]) {
  const code = { type: 'string', enum: codes };
  return {
    allOf: [
      { $ref: getSchemaPath(ErrorBodyDto) },
      {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code'], properties: { code } } },
      },
    ],
  };
}

/**
 * Documents a guarded route's error answers, one response per status with the codes it can
 * carry (mapped by error-status.ts): `@ApiErrors('server_not_found', ...BODY_ERRORS)`.
 * The token and origin errors every guarded request can get are added here.
 */
export function ApiErrors(...codes: PatchbayErrorCode[]): MethodDecorator & ClassDecorator {
  return errorResponses([...codes, ...TOKEN_ERRORS, ...GUARD_ERRORS]);
}

/**
 * A route that answers without the token (it must also be public in request-guards.hook.ts):
 * an empty security requirement overrides the document's default bearer requirement.
 */
export function ApiPublic(...codes: PatchbayErrorCode[]): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiSecurity({}), errorResponses([...codes, ...GUARD_ERRORS]));
}
