/**
 * Drives Patchbay's own MCP client module (supervisor, session, safe fetch, error mapping)
 * against one server URL, for the MCP conformance suite, which appends the URL:
 *   npm run -s conformance:client -- <url>
 * It connects, lists the tools and calls each with arguments drawn from its input schema.
 */
import { configServer } from '../src/integration-registry/server-catalog';
import { McpServerConfig } from '../src/integration-registry/mcp-server.types';
import { callTool, listTools, OperationContext } from '../src/mcp-client/mcp-client.operations';
import { DEFAULT_MCP_CLIENT_OPTIONS } from '../src/mcp-client/mcp-client.options';
import { ServerSupervisor } from '../src/mcp-client/server-supervisor';
import { createSupervisorDeps } from '../src/mcp-client/support/supervisor-deps';
import { headlessAuth } from './conformance-auth';

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  default?: unknown;
  enum?: unknown[];
};

/** A plausible value for each property: defaults and enums first, then by type. */
function sampleArgs(schema: Schema): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) args[name] = sample(prop);
  return args;
}

function sample(schema: Schema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleArgs(schema);
    default:
      return 'test';
  }
}

/** Authorizations per operation (a step-up asks for one more; a server asking forever, no). */
const MAX_AUTHORIZATIONS = 3;

async function main(url: string): Promise<void> {
  const server: McpServerConfig = {
    ...configServer('conformance'),
    name: 'Conformance target',
    transport: 'streamable_http',
    url,
    timeoutMs: 20_000,
  };
  const options = DEFAULT_MCP_CLIENT_OPTIONS;
  const env = process.env;
  const oauth = headlessAuth(server, env.MCP_CONFORMANCE_CONTEXT, env.MCP_CONFORMANCE_SCENARIO);
  const deps = createSupervisorDeps(options, {
    launchDir: process.cwd(),
    resolveCredentials: () =>
      Promise.resolve({ env: {}, headers: {}, authProvider: oauth.provider }),
    emit: () => undefined,
    log: (level, id, message) => level !== 'debug' && console.error(`[${level}] ${id}: ${message}`),
  });
  // No person to ask here: accept every elicitation with nothing filled in, so the
  // client's own defaults (from the requested schema) are what the server receives.
  deps.serverRequests = [
    (_id, request) =>
      request.method === 'elicitation/create'
        ? Promise.resolve({ action: 'accept', content: {} })
        : null,
  ];
  const sup = new ServerSupervisor(server, deps);
  const ctx: OperationContext = { sup, options, validator: deps.validator, emit: deps.emit };
  /** Runs `op`; when it failed for want of authorization, finishes it and tries again. */
  const authorized = async <T>(op: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (attempt >= MAX_AUTHORIZATIONS || !(await oauth.finish())) throw err;
        await sup.check();
      }
    }
  };
  try {
    const tools = await authorized(() => listTools(ctx, server));
    console.log(`tools: ${tools.map((t) => t.name).join(', ') || '(none)'}`);
    for (const tool of tools) {
      const args = sampleArgs(tool.inputSchema as Schema);
      const result = await authorized(() => callTool(ctx, server, tool.name, args, {}));
      console.log(`${tool.name}: ${JSON.stringify(result.content).slice(0, 200)}`);
    }
  } finally {
    await sup.close();
  }
}

const url = process.argv[process.argv.length - 1];
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: npm run -s conformance:client -- <server-url>');
  process.exit(2);
}
main(url).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`conformance client failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
