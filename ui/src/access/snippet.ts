import type { CreatedApiKey } from '../types';

/**
 * A ready client configuration for a new key: an MCP client entry (Claude Desktop, Cursor,
 * VS Code accept this shape) for an `mcp` key, a curl line otherwise.
 */
export function clientSnippet(created: CreatedApiKey, origin: string): string {
  if (created.scopes.includes('mcp') || created.scopes.includes('admin')) {
    const toolset = created.toolsets[0];
    const path = toolset ? `/mcp/toolsets/${encodeURIComponent(toolset)}` : '/mcp';
    const name = toolset ? `patchbay-${toolset}` : 'patchbay';
    const entry = {
      type: 'http',
      url: `${origin}${path}`,
      headers: { Authorization: `Bearer ${created.key}` },
    };
    return JSON.stringify({ mcpServers: { [name]: entry } }, null, 2);
  }
  return `curl -H 'Authorization: Bearer ${created.key}' ${origin}/api/v1/execution/tools`;
}
