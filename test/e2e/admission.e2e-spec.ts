import { EXEC } from '../fixtures/tools/support';
import { faultServer } from '../helpers/fixtures';
import { TestApp, everythingStdio, startApp } from '../helpers/test-app';

type Json = Record<string, unknown>;
const SERVERS = '/api/v1/integrations/mcp-servers';

/** The admission gate seen from outside: one rule for calls, health and views; run ids on errors. */
describe('Admission and errors of tool calls (e2e)', () => {
  let t: TestApp;

  const invoke = (name: string, args: Json) =>
    t.http.post(`${EXEC}/tools/${name}/invoke`).send({ args });
  const runOf = async (runId: unknown) => {
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    return (runs.body as Json[]).find((r) => r.run_id === runId);
  };

  beforeAll(async () => {
    t = await startApp({
      servers: {
        off: everythingStdio({ enabled: false }),
        locked: faultServer('ok', {
          credentials: [{ name: 'PB_GATE_TOKEN', required: true, env: 'PB_GATE_TOKEN' }],
        }),
      },
      routes: {
        off_echo: { server_id: 'off', tool_name: 'echo' },
        locked_echo: { server_id: 'locked', tool_name: 'echo' },
        gone_echo: { server_id: 'gone', tool_name: 'echo' },
      },
    });
  });
  afterAll(() => t.close());

  it.each([
    ['off_echo', 409, 'server_disabled'],
    ['locked_echo', 424, 'credentials_missing'],
    ['gone_echo', 409, 'conflict'],
  ])(
    'refuses %s with %i %s, naming the run in the error and the run log',
    async (tool, status, code) => {
      const res = await invoke(tool, { message: 'x' }).expect(status);
      expect(res.body.error).toMatchObject({ code, details: { run_id: expect.any(String) } });
      expect(await runOf(res.body.error.details.run_id)).toMatchObject({ tool, outcome: code });
    },
  );

  it('answers an unknown server behind mcp_tool with 404, with its run id', async () => {
    const res = await invoke('mcp_tool', { server_id: 'nope', tool_name: 'echo', args: {} });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: 'server_not_found',
      details: { server_id: 'nope', run_id: expect.any(String) },
    });
    expect(await runOf(res.body.error.details.run_id)).toMatchObject({ tool: 'mcp_tool' });
  });

  it('shows the same refusal in tool views and in health', async () => {
    const tools = (await t.http.get(`${EXEC}/tools`).expect(200)).body as Json[];
    const locked = tools.find((x) => x.name === 'locked_echo');
    const call = await invoke('locked_echo', { message: 'x' }).expect(424);
    expect(locked).toMatchObject({ available: false, unavailable_reason: call.body.error.message });
    const server = await t.http.get(`${SERVERS}/locked`).expect(200);
    expect(server.body.status).toMatchObject({
      state: 'needs_credentials',
      error: call.body.error.message,
    });
    const off = await t.http.get(`${SERVERS}/off`).expect(200);
    expect(off.body.status).toMatchObject({ state: 'disabled', error: null });
  });
});
