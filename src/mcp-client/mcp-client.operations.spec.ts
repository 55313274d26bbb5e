import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { serverConfig } from '../integration-registry/testing/server-config.fixture';
import { callTool, listTools, OperationContext } from './mcp-client.operations';
import { DEFAULT_MCP_CLIENT_OPTIONS, McpClientOptions } from './mcp-client.options';
import { ServerSupervisor } from './server-supervisor';
import { createSupervisorDeps } from './support/supervisor-deps';
import type { TransportHandle } from './transport/transport.factory';
import { waitFor } from '../../test/helpers/wait';

const server = serverConfig({ id: 'raw', name: 'Low-level', timeoutMs: 2_000 });

const SHAPED: Tool = {
  name: 'unshaped',
  inputSchema: { type: 'object' },
  outputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
};

/** A low-level SDK server: it sends what we tell it, without McpServer's own output checks. */
class RawUpstream {
  lists = 0;
  server = new Server(
    { name: 'raw', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true } } },
  );

  constructor(private readonly structured: Record<string, unknown> | undefined) {
    this.server.setRequestHandler(ListToolsRequestSchema, () => {
      this.lists += 1;
      return { tools: [SHAPED] };
    });
    this.server.setRequestHandler(CallToolRequestSchema, () => ({
      content: [{ type: 'text', text: 'no structure' }],
      ...(this.structured && { structuredContent: this.structured }),
    }));
  }

  factory = (): TransportHandle => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    void this.server.connect(serverSide);
    return { transport: clientSide, wire: 'stdio', pid: () => null, exit: () => null };
  };
}

describe('MCP client operations against a low-level server', () => {
  let sup: ServerSupervisor;

  function connect(upstream: RawUpstream): OperationContext {
    const options: McpClientOptions = {
      ...DEFAULT_MCP_CLIENT_OPTIONS,
      toolsChangedDebounceMs: 50,
      transportFactory: upstream.factory,
    };
    const deps = createSupervisorDeps(options, {
      launchDir: process.cwd(),
      resolveCredentials: () => Promise.resolve({ env: {}, headers: {} }),
      emit: () => undefined,
      log: () => undefined,
    });
    sup = new ServerSupervisor(server, deps);
    return { sup, options, validator: deps.validator, emit: deps.emit };
  }

  afterEach(() => sup.close());

  it('refuses a result without structured content from a tool with an output schema', async () => {
    const ctx = connect(new RawUpstream(undefined));
    await listTools(ctx, server);
    await expect(callTool(ctx, server, 'unshaped', {}, {})).rejects.toMatchObject({
      code: 'mcp_protocol_error',
      message: expect.stringMatching(/sent no structured content/),
    });
  });

  it('accepts matching structured content', async () => {
    const ctx = connect(new RawUpstream({ n: 1 }));
    await listTools(ctx, server);
    const result = await callTool(ctx, server, 'unshaped', {}, {});
    expect(result.structuredContent).toEqual({ n: 1 });
  });

  it('lists the tools once after a burst of tools/list_changed', async () => {
    const upstream = new RawUpstream({ n: 1 });
    const ctx = connect(upstream);
    await listTools(ctx, server);
    expect(upstream.lists).toBe(1);
    for (let i = 0; i < 10; i++) await upstream.server.sendToolListChanged();
    // Without a debounce each notification re-lists; the cache fills after the last of them.
    await waitFor(() => sup.cachedTools(), 'the refreshed tool list', 5_000, 10);
    expect(upstream.lists).toBe(2);
    expect(await listTools(ctx, server)).toHaveLength(1); // from the refreshed cache
    expect(upstream.lists).toBe(2);
  });
});
