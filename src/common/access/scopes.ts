import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';

/** What an API key may do; `admin` is what the admin token (PATCHBAY_API_TOKEN) can do. */
export const SCOPES = ['admin', 'invoke', 'mcp', 'read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling, as the request guards established it (attached to the request). */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'key'; id: string; scopes: readonly Scope[]; toolsets: readonly string[] };

/** The Fastify route-config field the guards read (set by @RequiresScope). */
export const SCOPE_CONFIG_KEY = 'requiredScope' as const;

/**
 * What an undeclared route needs: reading is `read`, any change is `admin`. A route that
 * needs something else says so once, with @RequiresScope.
 */
export function defaultScope(method: string): Scope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}

/**
 * Declares the scope a route needs, in the one place both the request guards (through the
 * Fastify route config) and the OpenAPI document (`x-required-scope`) read it.
 */
export function RequiresScope(scope: Scope): MethodDecorator {
  return applyDecorators(
    RouteConfig({ [SCOPE_CONFIG_KEY]: scope }),
    ApiExtension('x-required-scope', scope),
    ApiResponse({
      status: 403,
      description: `forbidden_scope: the API key lacks the "${scope}" scope`,
    }),
  );
}
