import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultScope } from './scopes';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
/** An operation marked public with ApiPublic (`security: [{}]`): the guards leave it open. */
const isPublic = (op: Operation): boolean =>
  Array.isArray(op.security) && op.security.every((r) => Object.keys(r).length === 0);

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
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      if (isPublic(op)) continue;
      // The bearer requirement is the document's root one (openapi-document.ts).
      const scope = op['x-required-scope'] ?? defaultScope(method.toUpperCase());
      op['x-required-scope'] = scope;
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
