import { PatchbayError } from '../patchbay.error';

/** Errors of the feature modules: servers added by the API, pins, toolsets, playbooks, keys, runs. */

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

/** 409 in database mode: the read-only base file defines the server, so the API cannot delete it. */
export const serverInBaseConfig = (serverId: string) =>
  new PatchbayError(
    'conflict',
    `MCP server "${serverId}" is defined in the deployment's config file (config/mcp_servers.json), which the API does not change in database mode; remove it there, or disable it with PATCH {"enabled": false}.`,
    { server_id: serverId, file: 'config/mcp_servers.json' },
  );

export const serverExists = (serverId: string) =>
  new PatchbayError('conflict', `An MCP server with the id "${serverId}" already exists.`, {
    server_id: serverId,
  });

/** 409: a route or a playbook still uses the server that is being deleted. */
export const serverInUse = (
  serverId: string,
  routes: string[],
  playbooks: string[],
  toolsets: string[] = [],
) => {
  const users = [
    ...routes.map((r) => `the route of "${r}"`),
    ...playbooks.map((p) => `playbook "${p}"`),
    ...toolsets.map((t) => `toolset "${t}"`),
  ];
  return new PatchbayError(
    'conflict',
    `MCP server "${serverId}" is still used by ${users.join(', ')}; delete or change them first.`,
    { server_id: serverId, routes, playbooks, toolsets },
  );
};

/** What a pin verdict says about a tool, as the 409 needs it (tool-pins/pin-verdict.ts). */
export interface PinVerdictView {
  state: string;
  fingerprint: string;
  previous: { fingerprint: string } | null;
  renamedFrom: string | null;
  difference: { field: string; before: unknown; after: unknown }[];
}

/** 409: the tool's definition is not the pinned one (or it is new and held). */
export class ToolChangedError extends PatchbayError {
  constructor(serverId: string, toolName: string, verdict: PinVerdictView) {
    const what = verdict.renamedFrom
      ? `was renamed from "${verdict.renamedFrom}"`
      : verdict.state === 'new'
        ? 'is new and held for review (PATCHBAY_NEW_TOOLS=hold)'
        : `changed since it was pinned (${verdict.difference.map((d) => d.field).join(', ')})`;
    super(
      'tool_changed',
      `Tool "${toolName}" of MCP server "${serverId}" ${what}; review it and approve with POST /api/v1/integrations/mcp-servers/${serverId}/tools/${toolName}/approve.`,
      {
        server_id: serverId,
        tool_name: toolName,
        state: verdict.state,
        fingerprint: verdict.fingerprint,
        pinned_fingerprint: verdict.previous?.fingerprint ?? null,
        renamed_from: verdict.renamedFrom,
        difference: verdict.difference,
      },
    );
  }
}

export const toolsetInUse = (id: string, apiKeys: string[]) =>
  new PatchbayError(
    'conflict',
    `Toolset "${id}" is still named by API key(s) ${apiKeys.join(', ')}; revoke them or create ` +
      'keys without it first (a key bound to a deleted toolset could reach nothing).',
    { toolset_id: id, api_keys: apiKeys },
  );

export const toolsetNotFound = (id: string) =>
  new PatchbayError(
    'toolset_not_found',
    `No toolset has the id "${id}"; GET /api/v1/toolsets lists them.`,
    { toolset_id: id },
  );

export const mcpSessionNotFound = (id: string, endpoint: string) =>
  new PatchbayError(
    'mcp_session_not_found',
    `No MCP session "${id.slice(0, 80)}" on ${endpoint}; it ended or belongs to another endpoint. Initialize a new one.`,
  );

export const playbookNotFound = (id: string) =>
  new PatchbayError('playbook_not_found', `No playbook has the id "${id}".`, { playbook_id: id });

export const playbookNotWebhook = (id: string) =>
  new PatchbayError('conflict', `Playbook "${id}" is disabled or not a webhook playbook.`, {
    playbook_id: id,
  });

export const webhookSignatureInvalid = () =>
  new PatchbayError(
    'unauthorized',
    'A valid "X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>" header is required.',
  );

export const webhookTooLarge = (maxBytes: number) =>
  new PatchbayError('payload_too_large', `A webhook body may be at most ${maxBytes} bytes.`);

export const webhookRateLimited = (playbookId: string, perMinute: number) =>
  new PatchbayError(
    'rate_limited',
    `This playbook takes at most ${perMinute} webhook deliveries a minute.`,
    { playbook_id: playbookId },
  );

export const apiKeyNotFound = (id: string) =>
  new PatchbayError('api_key_not_found', `No API key has the id "${id}".`, { id });

export const runNotFound = (runId: string) =>
  new PatchbayError('run_not_found', `No kept run has the id "${runId}".`, { run_id: runId });

export const taskNotWaiting = (taskId: string) =>
  new PatchbayError('conflict', `Task "${taskId}" is not waiting for input.`, {
    task_id: taskId,
  });

export const oauthNotForStdio = (serverId: string) =>
  new PatchbayError(
    'conflict',
    `MCP server "${serverId}" runs over stdio; OAuth is for remote servers.`,
    { server_id: serverId },
  );

export const oauthRefreshFailed = (serverId: string) =>
  new PatchbayError(
    'oauth_failed',
    `The token endpoint of MCP server "${serverId}" did not refresh the authorization; Patchbay retries with backoff.`,
    { server_id: serverId },
  );
