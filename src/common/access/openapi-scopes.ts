import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultScope } from './scopes';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
/** Operations the request guards leave open (see isPublic in request-guards.hook.ts). */
const PUBLIC = new Set(['get /api/v1/health']);

interface Operation {
  description?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
  'x-required-scope'?: string;
}

/**
 * States on every operation what the request guards enforce: the bearer scheme and the
 * scope (`x-required-scope`, from @RequiresScope or the method's default), also in words.
 */
export function describeAccess(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      if (PUBLIC.has(`${method} ${path}`)) {
        op.security = [];
        continue;
      }
      const scope = op['x-required-scope'] ?? defaultScope(method.toUpperCase());
      op['x-required-scope'] = scope;
      op.security = [{ bearer: [] }];
      const note = `Needs the \`${scope}\` scope (or the admin token).`;
      op.description = op.description ? `${op.description}\n\n${note}` : note;
      op.responses ??= {};
      op.responses['401'] ??= {
        description: 'unauthorized: no valid bearer (admin token or API key)',
      };
      op.responses['403'] ??= {
        description: `forbidden_scope: the API key lacks the "${scope}" scope`,
      };
    }
  }
  return document;
}
