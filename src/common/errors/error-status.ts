import { PatchbayErrorCode } from './patchbay.error';

/** The one place where a domain error code becomes an HTTP status. */
export function statusForCode(code: PatchbayErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'invalid_json':
    case 'forbidden_key':
    case 'oauth_state_invalid':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden_origin':
    case 'stdio_from_api_disabled':
    case 'forbidden_scope':
      return 403;
    case 'not_found':
    case 'server_not_found':
    case 'integration_not_found':
    case 'credential_not_found':
    case 'tool_not_found':
    case 'route_not_found':
    case 'task_not_found':
    case 'playbook_not_found':
    case 'run_not_found':
    case 'toolset_not_found':
    case 'mcp_session_not_found':
    case 'api_key_not_found':
      return 404;
    case 'server_disabled':
    case 'conflict':
    case 'tool_cancelled':
    case 'tool_changed':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'invalid_arguments':
      return 422;
    case 'credentials_missing':
    // Like a missing credential: a person must act (POST .../oauth/authorize) first.
    case 'authorization_required':
      return 424;
    case 'mcp_spawn_failed':
    case 'mcp_connect_failed':
    case 'mcp_protocol_error':
    case 'mcp_server_unavailable':
    case 'tool_execution_failed':
    case 'oauth_failed':
      return 502;
    case 'mcp_timeout':
    case 'tool_timeout':
      return 504;
    case 'config_invalid':
    case 'internal_error':
      return 500;
  }
}
