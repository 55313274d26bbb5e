import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  McpError,
  Prompt,
  ReadResourceRequestSchema,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { McpForwarding } from './mcp-forwarding';
import { SessionState } from './session-state';
import { serverToolName } from './tool-names';

/** What /mcp declares besides tools: the servers' resources and prompts, gathered. */
export const AGGREGATE_CAPABILITIES = {
  tools: { listChanged: true },
  resources: { listChanged: true },
  prompts: { listChanged: true },
};

/**
 * /mcp: resources under their own URIs (a read goes to the server that listed the URI)
 * and prompts as `{server_id}__{prompt}`. Lists ask every connected server that offers
 * them at once and leave out those that fail or are slow (fail open).
 */
export function registerAggregatePassthrough(
  server: Server,
  fwd: McpForwarding,
  state: SessionState,
): void {
  const listResources = async (signal?: AbortSignal) => {
    const resources: Resource[] = [];
    for (const [id, r] of await fwd.gather(
      fwd.serversWith('resources'),
      'resources/list',
      signal,
    )) {
      for (const res of (r.resources as Resource[] | undefined) ?? []) {
        if (!state.resourceOwners.has(res.uri)) state.resourceOwners.set(res.uri, id);
        resources.push(res);
      }
    }
    return resources;
  };
  server.setRequestHandler(ListResourcesRequestSchema, async (_req, extra) => ({
    resources: await listResources(extra.signal),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (_req, extra) => {
    const ids = fwd.serversWith('resources');
    const answers = await fwd.gather(ids, 'resources/templates/list', extra.signal);
    const templates = answers.flatMap(
      ([, r]) => (r.resourceTemplates as ResourceTemplate[] | undefined) ?? [],
    );
    return { resourceTemplates: templates };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
    const { uri } = req.params;
    if (!state.resourceOwners.has(uri)) await listResources(extra.signal);
    const owner = state.resourceOwners.get(uri);
    if (!owner) throw new McpError(-32002, `No server listed the resource "${uri}".`, { uri });
    return fwd.forward(owner, 'resources/read', req.params, extra.signal) as Promise<never>;
  });
  server.setRequestHandler(ListPromptsRequestSchema, async (_req, extra) => {
    const prompts: Prompt[] = [];
    for (const [id, r] of await fwd.gather(
      fwd.serversWith('prompts'),
      'prompts/list',
      extra.signal,
    )) {
      for (const p of (r.prompts as Prompt[] | undefined) ?? []) {
        const name = serverToolName(id, p.name);
        state.promptOwners.set(name, { serverId: id, name: p.name });
        prompts.push({ ...p, name });
      }
    }
    return { prompts };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    const owner = state.promptOwners.get(req.params.name);
    if (!owner) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown prompt "${req.params.name}"; list the prompts first.`,
      );
    }
    const params = { ...req.params, name: owner.name };
    return fwd.forward(owner.serverId, 'prompts/get', params, extra.signal) as Promise<never>;
  });
}
