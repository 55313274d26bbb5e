/** What one MCP endpoint exposes: everything, one server passed through, or a toolset. */
export type McpScope =
  { kind: 'all' } | { kind: 'server'; serverId: string } | { kind: 'toolset'; toolsetId: string };

export const sameScope = (a: McpScope, b: McpScope): boolean =>
  a.kind === b.kind &&
  (a.kind === 'all' ||
    (a.kind === 'server' && b.kind === 'server' && a.serverId === b.serverId) ||
    (a.kind === 'toolset' && b.kind === 'toolset' && a.toolsetId === b.toolsetId));

export const scopePath = (s: McpScope): string =>
  s.kind === 'all'
    ? '/mcp'
    : s.kind === 'server'
      ? `/mcp/servers/${s.serverId}`
      : `/mcp/toolsets/${s.toolsetId}`;
