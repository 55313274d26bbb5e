import { PatchbayError } from '../common/errors/catalogue';

/** 403: stdio servers run a command on the host, so the API may define them only when allowed. */
export class StdioFromApiDisabledError extends PatchbayError {
  constructor(serverId: string, fields: string[]) {
    super(
      'stdio_from_api_disabled',
      `A stdio server runs a command on this host, so the API may not define or change one (${fields.join(', ')}); set PATCHBAY_ALLOW_STDIO_FROM_API=true to allow it, or edit config/mcp_servers.json.`,
      { server_id: serverId, fields },
    );
  }
}

export const builtInConflict = (serverId: string, what: string) =>
  new PatchbayError(
    'conflict',
    `MCP server "${serverId}" is built in, so it cannot be ${what}; disable it with PATCH {"enabled": false} instead.`,
    { server_id: serverId },
  );
