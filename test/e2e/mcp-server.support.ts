/** SDK clients over real HTTP against Patchbay's MCP endpoints, for the mcp-server e2e specs. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ClientCapabilities,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { waitFor } from '../helpers/wait';

export interface McpTestClient {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** How many tools/list_changed notifications arrived so far. */
  listChanged(): number;
  names(): Promise<string[]>;
  /** Polls tools/list until every name is there (servers start in the background). */
  waitForTools(names: string[], ms?: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function connectMcp(
  url: string,
  token?: string,
  capabilities: ClientCapabilities = {},
): Promise<McpTestClient> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'patchbay-e2e', version: '1.0.0' }, { capabilities });
  let changed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changed++;
  });
  await client.connect(transport);
  const names = async () => (await client.listTools()).tools.map((t) => t.name).sort();
  return {
    client,
    transport,
    listChanged: () => changed,
    names,
    waitForTools: async (wanted, ms = 30_000) => {
      let last: string[] = [];
      await waitFor(
        async () => {
          last = await names();
          return wanted.every((n) => last.includes(n));
        },
        () => `tools ${wanted.join(', ')} on ${url} (saw ${last.join(', ')})`,
        ms,
        200,
      );
      return last;
    },
    close: async () => {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
