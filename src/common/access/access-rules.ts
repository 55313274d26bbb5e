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
 * only those toolsets' MCP endpoints.
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

/**
 * The admission gate's question for a call made with a key: may it run `tool` (named as /mcp
 * shows it)? A toolset-bound key may run only tools that one of its toolsets names, whatever
 * endpoint or name it uses; `toolsOf` answers a toolset's tool names (undefined: no such
 * toolset). Not wired yet: the MCP endpoints and the gate are built elsewhere (issue #21).
 */
export function mayCallTool(
  principal: Principal,
  tool: string,
  toolsOf: (toolsetId: string) => readonly string[] | undefined,
): boolean {
  if (principal.kind === 'admin' || principal.scopes.includes('admin')) return true;
  if (principal.toolsets.length === 0) return true;
  return principal.toolsets.some((id) => toolsOf(id)?.includes(tool) === true);
}
