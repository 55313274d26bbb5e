import { PatchbayError } from '../patchbay.error';

/** Why a server cannot take a call: the admission gate's refusals and a down server. */

const credentialPath = (serverId: string, name: string) =>
  `/api/v1/integrations/mcp-servers/${serverId}/credentials/${name}`;

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

/** 424: a required credential has no value; names each one and how to give it. */
export class CredentialsMissingError extends PatchbayError {
  constructor(serverId: string, missing: string[]) {
    const how = missing.map(
      (name) =>
        `set ${name} with PUT ${credentialPath(serverId, name)} or the environment variable ${name}`,
    );
    super(
      'credentials_missing',
      `MCP server "${serverId}" is missing the required credential${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')}: ${how.join('; ')}.`,
      {
        server_id: serverId,
        missing,
        set_with: missing.map((name) => `PUT ${credentialPath(serverId, name)}`),
      },
    );
  }
}

export class CredentialNotDeclaredError extends PatchbayError {
  constructor(serverId: string, name: string, declared: string[]) {
    super('credential_not_found', `MCP server "${serverId}" declares no credential "${name}".`, {
      server_id: serverId,
      declared,
    });
  }
}

/** A route whose server vanished: a conflict of the route with the config, never a fallback. */
export const routedToMissingServer = (tool: string, serverId: string) =>
  new PatchbayError(
    'conflict',
    `Tool "${tool}" is routed to MCP server "${serverId}", which does not exist; change or delete the route.`,
    { tool, server_id: serverId },
  );

/**
 * The one wording of `mcp_server_unavailable`: the server exists and is admitted, but its
 * connection cannot take the call now; `why` says what to do about it.
 */
export const serverUnavailable = (
  serverId: string,
  why: string,
  details: Record<string, unknown> = {},
) =>
  new PatchbayError('mcp_server_unavailable', `MCP server "${serverId}" is unavailable: ${why}.`, {
    server_id: serverId,
    ...details,
  });

export const serverDown = (serverId: string, lastError: string | null, nextRetryAt: Date | null) =>
  serverUnavailable(
    serverId,
    nextRetryAt
      ? `it is down; the next retry is at ${nextRetryAt.toISOString()}`
      : 'it is down and retries stopped after repeated failures; run a health check or re-enable it',
    { last_error: lastError, next_retry_at: nextRetryAt?.toISOString() ?? null },
  );

export const serverShuttingDown = (serverId: string) =>
  serverUnavailable(serverId, 'Patchbay is shutting down');

export const serverClosed = (serverId: string) =>
  serverUnavailable(serverId, 'it was closed (disabled or changed, or Patchbay is shutting down)');

export const serverBusy = (serverId: string, inFlight: number, queued: number) =>
  serverUnavailable(serverId, 'too many calls are waiting; try again shortly', {
    in_flight: inFlight,
    queued,
  });

export const serverWaitTimeout = (serverId: string, timeoutMs: number) =>
  new PatchbayError(
    'mcp_timeout',
    `MCP server "${serverId}" could not take the call within ${timeoutMs} ms (connecting or busy).`,
    { server_id: serverId, timeout_ms: timeoutMs },
  );

export const workingFolderMissing = (serverId: string, cwd: string) =>
  new PatchbayError('mcp_spawn_failed', `The working folder of "${serverId}" is missing.`, {
    server_id: serverId,
    cwd,
  });
