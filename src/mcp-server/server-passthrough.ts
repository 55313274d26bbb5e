import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  ServerCapabilities,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { McpForwarding } from './mcp-forwarding';
import { SessionState } from './session-state';
import { SharedUpstream } from './shared-upstream';

type PassSchema =
  | typeof ListResourcesRequestSchema
  | typeof ListResourceTemplatesRequestSchema
  | typeof ReadResourceRequestSchema
  | typeof ListPromptsRequestSchema
  | typeof GetPromptRequestSchema
  | typeof CompleteRequestSchema;

/** What /mcp/servers/{id} declares: the server's own features (tools always, listChanged on). */
export function passthroughCapabilities(upstream: ServerCapabilities | null): ServerCapabilities {
  const caps: ServerCapabilities = { tools: { listChanged: true } };
  if (!upstream) return caps;
  if (upstream.resources) {
    caps.resources = { subscribe: upstream.resources.subscribe === true, listChanged: true };
  }
  if (upstream.prompts) caps.prompts = { listChanged: true };
  if (upstream.completions) caps.completions = {};
  if (upstream.logging) caps.logging = {};
  return caps;
}

/**
 * Passes everything but tools (which go through the tool registry) to one server, under
 * its own names: resources, templates, subscriptions, prompts, completion, logging.
 */
export function registerServerPassthrough(
  server: Server,
  serverId: string,
  caps: ServerCapabilities,
  deps: { fwd: McpForwarding; shared: SharedUpstream },
  state: SessionState,
): void {
  const pass = (schema: PassSchema) =>
    server.setRequestHandler(
      schema,
      (req, extra) =>
        deps.fwd.forward(serverId, req.method, req.params, extra.signal) as Promise<never>,
    );
  if (caps.resources) {
    pass(ListResourcesRequestSchema);
    pass(ListResourceTemplatesRequestSchema);
    pass(ReadResourceRequestSchema);
  }
  if (caps.resources?.subscribe) {
    server.setRequestHandler(SubscribeRequestSchema, async (req) => {
      await deps.shared.subscribe(serverId, req.params.uri, state);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
      await deps.shared.unsubscribe(serverId, req.params.uri, state);
      return {};
    });
  }
  if (caps.prompts) {
    pass(ListPromptsRequestSchema);
    pass(GetPromptRequestSchema);
  }
  if (caps.completions) pass(CompleteRequestSchema);
  if (caps.logging) {
    server.setRequestHandler(SetLevelRequestSchema, async (req) => {
      await deps.shared.setLevel(serverId, state, req.params.level);
      return {};
    });
  }
}
