import { PatchbayError } from '../patchbay.error';

/** 424, like a missing credential: a person must authorize the server first. */
export class AuthorizationRequiredError extends PatchbayError {
  constructor(serverId: string, reason: string) {
    super(
      'authorization_required',
      `MCP server "${serverId}" needs authorization (${reason}): POST /api/v1/integrations/mcp-servers/${serverId}/oauth/authorize and open the authorization_url it answers.`,
      { server_id: serverId, reason },
    );
  }
}

export class OAuthStateInvalidError extends PatchbayError {
  constructor() {
    super(
      'oauth_state_invalid',
      'This authorization link is unknown, already used or older than 10 minutes; start again with POST .../oauth/authorize.',
    );
  }
}

/** The authorization server failed or refused (discovery, registration, token request). */
export class OAuthFailedError extends PatchbayError {
  constructor(serverId: string, reason: string, cause?: unknown) {
    super(
      'oauth_failed',
      `OAuth with MCP server "${serverId}" failed: ${reason}`,
      {
        server_id: serverId,
      },
      { cause },
    );
  }
}
