import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const WHAT: Record<number, string> = {
  400: 'validation_failed: a bad body, path or query (null fields included)',
  403: 'stdio_from_api_disabled: stdio servers need PATCHBAY_ALLOW_STDIO_FROM_API=true',
  404: 'server_not_found or tool_not_found',
  409: 'conflict, server_disabled or tool_changed (details say which and why)',
  424: 'credentials_missing',
  502: 'the MCP server failed',
  504: 'the MCP server timed out',
};

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object' },
      },
    },
  },
};

/** OpenAPI entries for the error answers of a route, all in the one error shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: WHAT[status] ?? 'error', schema: errorBody }),
    ),
  );
