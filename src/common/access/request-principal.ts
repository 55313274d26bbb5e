import type { FastifyRequest } from 'fastify';
import { Principal, Scope } from './scopes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @RequiresScope (SCOPE_CONFIG_KEY). */
    requiredScope?: Scope;
  }
  interface FastifyRequest {
    /** Set by the request guards on every guarded request. */
    patchbayPrincipal?: Principal;
  }
}

/**
 * Who made a request; for callers that must pass it on (e.g. into the admission gate, so
 * a toolset-bound key can call only its toolsets' tools). Unguarded requests count as admin.
 */
export function principalOf(req: FastifyRequest): Principal {
  return req.patchbayPrincipal ?? { kind: 'admin' };
}
