import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { rootsServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { startApp, TestApp } from '../helpers/test-app';
import { McpTestClient, connectMcp } from './mcp-server.support';

type Text = { type: string; text: string };
const ROOT = { uri: 'file:///home/e2e/project', name: 'e2e project' };

/** An upstream server's roots/list during a call, answered by the downstream client's roots. */
describe('MCP roots through /mcp/servers/{id} (e2e, roots fixture)', () => {
  let t: TestApp;
  const clients: McpTestClient[] = [];
  const open = async (caps = {}) => {
    const c = await connectMcp(`${t.url}/mcp/servers/roots`, undefined, caps);
    clients.push(c);
    return c;
  };
  const listRoots = async (c: McpTestClient) => {
    const result = await c.client.callTool({ name: 'list-roots', arguments: {} });
    expect(result.isError).toBeFalsy();
    return JSON.parse((result.content as Text[])[0].text) as unknown[];
  };

  beforeAll(async () => {
    t = await startApp({ servers: { roots: rootsServer() } });
  });

  afterAll(async () => {
    const pid = t?.app.get(McpClientService).connectionInfo('roots').pid;
    await Promise.all(clients.map((c) => c.close()));
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it("answers roots/list with the calling client's roots, or an empty list", async () => {
    const withRoots = await open({ roots: {} });
    let asked = 0;
    withRoots.client.setRequestHandler(ListRootsRequestSchema, () => {
      asked++;
      return { roots: [ROOT] };
    });
    expect(await listRoots(withRoots)).toEqual([ROOT]);
    expect(asked).toBe(1);

    // A client that declared no roots is never asked; the server hears an empty list.
    const plain = await open();
    expect(await listRoots(plain)).toEqual([]);
    expect(asked).toBe(1);
  });
});
