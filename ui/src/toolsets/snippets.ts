/** Ready client configs for one MCP endpoint of this Patchbay (the README shows the same). */
export interface Snippet {
  client: string;
  text: string;
}

export function snippets(url: string, key: string): Snippet[] {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const bearer = 'Bearer <token>';
  return [
    {
      client: 'Claude Desktop (claude_desktop_config.json)',
      text: json({
        mcpServers: {
          [key]: {
            command: 'npx',
            args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'],
            env: { AUTH_HEADER: bearer },
          },
        },
      }),
    },
    {
      client: 'Cursor (~/.cursor/mcp.json)',
      text: json({ mcpServers: { [key]: { url, headers: { Authorization: bearer } } } }),
    },
    {
      client: 'VS Code (.vscode/mcp.json)',
      text: json({
        servers: {
          [key]: {
            type: 'http',
            url,
            headers: { Authorization: 'Bearer ${input:patchbay-token}' },
          },
        },
        inputs: [
          {
            id: 'patchbay-token',
            type: 'promptString',
            password: true,
            description: 'Patchbay API token',
          },
        ],
      }),
    },
  ];
}

/** Tool names as /mcp shows them: the registry's own, and `{server_id}__{tool}`. */
export const serverToolName = (serverId: string, tool: string): string => `${serverId}__${tool}`;
