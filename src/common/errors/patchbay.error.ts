/**
 * Every domain failure is a PatchbayError with a stable code; the HTTP filter maps the
 * code to a status in one place (error-status.ts). Each code's constructor and wording live in
 * the catalogue (catalogue.ts); services never throw HttpException.
 */
export type PatchbayErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'forbidden_key'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'forbidden_scope'
  | 'not_found'
  | 'server_not_found'
  | 'integration_not_found'
  | 'credential_not_found'
  | 'tool_not_found'
  | 'route_not_found'
  | 'task_not_found'
  | 'playbook_not_found'
  | 'rate_limited'
  | 'run_not_found'
  | 'toolset_not_found'
  | 'mcp_session_not_found'
  | 'api_key_not_found'
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
  | 'stdio_from_api_disabled'
  | 'tool_changed'
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

  /**
   * A copy with `extra` merged into its details. A copy, not an edit: one error object can
   * reach several callers (a shared connect that failed).
   */
  withDetails(extra: Record<string, unknown>): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(this));
    Object.defineProperty(copy, 'details', {
      value: { ...this.details, ...extra },
      enumerable: true,
      configurable: true,
    });
    return copy;
  }
}
