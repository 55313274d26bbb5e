import { Principal, Scope, defaultScope } from './scopes';

/** What one request needs: a scope, and for a toolset endpoint the toolset's id. */
export interface Requirement {
  scope: Scope;
  toolset?: string;
}

const TOOLSET_ENDPOINT = /^\/mcp\/toolsets\/([^/]+)$/i;

/** Lower-case, single slashes, no trailing slash: how the router sees the path too. */
function normalise(rawPath: string): string {
  let path: string;
  try {
    path = decodeURIComponent(rawPath.split('?')[0]);
  } catch {
    path = rawPath.split('?')[0];
  }
  return path.replace(/[\\/]+/g, '/').replace(/(.)\/$/, '$1');
}

/**
 * The scope a request needs. Paths Patchbay serves outside Nest's controllers (the MCP
 * endpoints and /metrics) are ruled here; every Nest route declares its own scope with
 * @RequiresScope, falling back to `defaultScope(method)`.
 */
export function requirementFor(method: string, rawPath: string, declared?: Scope): Requirement {
  const path = normalise(rawPath);
  const lower = path.toLowerCase();
  if (lower === '/mcp' || lower.startsWith('/mcp/')) {
    const toolset = TOOLSET_ENDPOINT.exec(path)?.[1];
    return toolset ? { scope: 'mcp', toolset } : { scope: 'mcp' };
  }
  if (lower === '/metrics') return { scope: 'read' };
  return { scope: declared ?? defaultScope(method) };
}

/**
 * Whether a principal meets a requirement. `admin` holds every scope and `invoke` includes
 * `read` (an agent that runs tools needs to list them); a key bound to toolsets reaches
 * only those toolsets' MCP endpoints, and such a key holds no `invoke` or `admin` (the key
 * service refuses that), so its only way to a tool is a toolset endpoint, which resolves
 * only the toolset's names.
 */
export function allows(principal: Principal, need: Requirement): boolean {
  if (principal.kind === 'admin' || principal.scopes.includes('admin')) return true;
  const has = (scope: Scope) => principal.scopes.includes(scope);
  switch (need.scope) {
    case 'read':
      return has('read') || has('invoke');
    case 'invoke':
      return has('invoke');
    case 'mcp':
      if (!has('mcp')) return false;
      if (principal.toolsets.length === 0) return true;
      return need.toolset !== undefined && principal.toolsets.includes(need.toolset);
    case 'admin':
      return false;
  }
}
