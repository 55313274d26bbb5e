import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { faultServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { TestApp, startApp } from '../helpers/test-app';
import { ADMIN_TOKEN, auth, makeKey } from './api-keys.support';
import { McpTestClient, connectMcp } from './mcp-server.support';

type Text = { type: string; text: string };

/** A key bound to a toolset reaches that toolset's tools over MCP, and nothing else. */
describe('A toolset-bound API key over the MCP SDK client (e2e)', () => {
  let t: TestApp;
  let dev: McpTestClient;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    t = await startApp({
      servers: { ok: faultServer('ok') },
      env: { PATCHBAY_API_TOKEN: ADMIN_TOKEN },
    });
    await t.http
      .put('/api/v1/toolsets/dev')
      .set(auth(ADMIN_TOKEN))
      .send({ name: 'Dev', tools: ['ok__echo'] })
      .expect(200);
    ({ key, id: keyId } = await makeKey(t, {
      name: 'dev agent',
      scopes: ['mcp'],
      toolsets: ['dev'],
    }));
    dev = await connectMcp(`${t.url}/mcp/toolsets/dev`, key);
  });

  afterAll(async () => {
    await dev?.close();
    const pid = t?.app.get(McpClientService).connectionInfo('ok').pid ?? null;
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it("lists only the toolset's tools and runs them", async () => {
    await dev.waitForTools(['ok__echo']);
    expect(await dev.names()).toEqual(['ok__echo']);
    const echo = (await dev.client.callTool({
      name: 'ok__echo',
      arguments: { message: 'bound' },
    })) as CallToolResult;
    expect((echo.content as Text[])[0].text).toBe('echo: bound');
  });

  it('refuses every other name: another server tool, a registry tool, the mcp_tool proxy', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['ok__env-report', { names: ['HOME'] }],
      ['list_mcp_servers', {}],
      ['mcp_tool', { server_id: 'ok', tool_name: 'env-report', args: { names: ['HOME'] } }],
      ['echo', { message: 'x' }],
    ];
    for (const [name, args] of calls) {
      await expect(dev.client.callTool({ name, arguments: args })).rejects.toThrow(/Unknown tool/);
    }
  });

  it('answers 403 forbidden_scope on /mcp, /mcp/servers/{id} and other toolsets', async () => {
    for (const path of ['/mcp', '/mcp/servers/ok', '/mcp/toolsets/ops']) {
      const res = await t.http.post(path).set(auth(key)).send({});
      expect(`${path} ${res.status}`).toBe(`${path} 403`);
      expect(res.body.error.code).toBe('forbidden_scope');
    }
    await expect(connectMcp(`${t.url}/mcp`, key)).rejects.toThrow(/forbidden_scope/);
  });

  it('keeps what is in use: the toolset while a key names it, the server while a toolset does', async () => {
    const admin = auth(ADMIN_TOKEN);
    const toolset = await t.http.delete('/api/v1/toolsets/dev').set(admin).expect(409);
    expect(toolset.body.error).toMatchObject({
      code: 'conflict',
      details: { toolset_id: 'dev', api_keys: [keyId] },
    });
    const server = await t.http
      .delete('/api/v1/integrations/mcp-servers/ok')
      .set(admin)
      .expect(409);
    expect(server.body.error.details).toMatchObject({ server_id: 'ok', toolsets: ['dev'] });
    expect((await t.http.get('/api/v1/toolsets/dev').set(admin)).status).toBe(200);
    await t.http.delete(`/api/v1/api-keys/${keyId}`).set(admin).expect(204);
    await t.http.delete('/api/v1/toolsets/dev').set(admin).expect(204);
  });
});
