import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { rugPullServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { TestApp, startApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';
import { BASE } from './health.support';
import { McpTestClient, connectMcp } from './mcp-server.support';

type Text = { type: string; text: string };
const textOf = (r: CallToolResult) => (r.content as Text[]).map((c) => c.text).join('');

/** A held tool (its definition changed) leaves /mcp listings and comes back when approved. */
describe('Tool pins on /mcp (e2e, rug-pull fixture)', () => {
  let t: TestApp;
  let pid: number | null = null;
  let all: McpTestClient;
  let own: McpTestClient;

  beforeAll(async () => {
    t = await startApp({ servers: { rug: rugPullServer() } });
    all = await connectMcp(`${t.url}/mcp`);
    own = await connectMcp(`${t.url}/mcp/servers/rug`);
  });

  afterAll(async () => {
    await all?.close();
    await own?.close();
    pid = t?.app.get(McpClientService).connectionInfo('rug').pid ?? null;
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('leaves a changed tool out of both listings, refuses it, and lists it again once approved', async () => {
    await all.waitForTools(['rug__echo', 'rug__rug-pull']);
    await own.waitForTools(['echo', 'rug-pull']);
    const [allBefore, ownBefore] = [all.listChanged(), own.listChanged()];

    const pulled = await all.client.callTool({ name: 'rug__rug-pull', arguments: {} });
    expect(pulled.isError).toBeFalsy();
    await waitFor(() => all.listChanged() > allBefore, 'list_changed on /mcp');
    await waitFor(() => own.listChanged() > ownBefore, 'list_changed on /mcp/servers/rug');
    await waitFor(async () => !(await all.names()).includes('rug__echo'), 'echo gone from /mcp');
    expect(await all.names()).toContain('rug__greet');
    expect(await own.names()).not.toContain('echo');
    expect(await own.names()).toContain('greet');

    for (const [c, name] of [
      [all, 'rug__echo'],
      [own, 'echo'],
    ] as const) {
      const refused = (await c.client.callTool({
        name,
        arguments: { message: 'hi' },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/^tool_changed:/);
    }

    // Approval sends no new listing from the server: the pin change alone must notify.
    const [allHeld, ownHeld] = [all.listChanged(), own.listChanged()];
    expect((await t.http.post(`${BASE}/rug/tools/echo/approve`)).status).toBe(200);
    await waitFor(() => all.listChanged() > allHeld, 'list_changed on /mcp after approval');
    await waitFor(() => own.listChanged() > ownHeld, 'list_changed on the passthrough');
    expect(await all.names()).toContain('rug__echo');
    expect(await own.names()).toContain('echo');
    const ok = (await own.client.callTool({
      name: 'echo',
      arguments: { message: 'hi' },
    })) as CallToolResult;
    expect(textOf(ok)).toBe('echo: hi');
  });
});
