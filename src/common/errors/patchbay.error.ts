/**
 * Every domain failure is a PatchbayError with a stable code; the HTTP filter maps the
 * code to a status in one place (see error-status.ts). Services never throw HttpException.
 */
export type PatchbayErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'forbidden_key'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'not_found'
  | 'server_not_found'
  | 'integration_not_found'
  | 'credential_not_found'
  | 'tool_not_found'
  | 'route_not_found'
  | 'task_not_found'
  | 'server_disabled'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_arguments'
  | 'credentials_missing'
  | 'authorization_required'
  | 'oauth_state_invalid'
  | 'oauth_failed'
  | 'mcp_spawn_failed'
  | 'mcp_connect_failed'
  | 'mcp_protocol_error'
  | 'mcp_server_unavailable'
  | 'mcp_timeout'
  | 'tool_execution_failed'
  | 'tool_timeout'
  | 'tool_cancelled'
  | 'config_invalid'
  | 'internal_error';

export class PatchbayError extends Error {
  constructor(
    readonly code: PatchbayErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PatchbayError';
  }
}

export class ServerNotFoundError extends PatchbayError {
  constructor(serverId: string) {
    super('server_not_found', `No MCP server has the id "${serverId}".`, { server_id: serverId });
  }
}

export class ServerDisabledError extends PatchbayError {
  constructor(serverId: string) {
    super(
      'server_disabled',
      `MCP server "${serverId}" is disabled; enable it with PATCH /api/v1/integrations/mcp-servers/${serverId}.`,
      { server_id: serverId },
    );
  }
}

export class ValidationFailedError extends PatchbayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('validation_failed', message, details);
  }
}
