import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { TestApp, everythingStdio, startApp } from '../helpers/test-app';
import { EXEC } from '../fixtures/tools/support';
import { faultServer } from '../helpers/fixtures';
import { HttpChild, startEverythingHttp } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

type Json = Record<string, unknown>;
/** The fault entries here get a longer timeout than the shared default. */
const TIMEOUT = { timeout_ms: 10_000 };

describe('Execution API (e2e, real MCP servers)', () => {
  let t: TestApp;
  let web: HttpChild;

  const invoke = (name: string, args: Json, extra: Json = {}) =>
    t.http.post(`${EXEC}/tools/${name}/invoke`).send({ args, ...extra });
  const proxy = (server_id: string, tool_name: string, args: Json, extra: Json = {}) =>
    invoke('mcp_tool', { server_id, tool_name, args }, extra);
  const routesFile = () =>
    JSON.parse(readFileSync(join(t.configDir, 'tool_routes.json'), 'utf8')) as {
      tool_routes: Json;
    };

  beforeAll(async () => {
    web = await startEverythingHttp();
    t = await startApp({
      servers: {
        everything: everythingStdio(),
        web: { name: 'Everything HTTP', transport: 'streamable_http', url: web.url, enabled: true },
        fault: faultServer('ok', TIMEOUT),
        hang: faultServer('hang-call', TIMEOUT),
        off: everythingStdio({ enabled: false }),
        locked: faultServer('ok', {
          ...TIMEOUT,
          credentials: [
            { name: 'PB_E2E_LOCKED_TOKEN', required: true, env: 'PB_E2E_LOCKED_TOKEN' },
          ],
        }),
      },
      // Written before start, as a hand-edited file would be.
      routes: {
        legacy_deploy: { server_id: 'off', tool_name: 'echo' },
        locked_echo: { server_id: 'locked', tool_name: 'echo' },
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await web?.stop();
  });

  it('lists local tools, the proxy, and routed tools with their availability', async () => {
    const res = await t.http.get(`${EXEC}/tools`).expect(200);
    const byName = new Map((res.body as Json[]).map((tool) => [tool.name, tool]));
    for (const name of ['deploy', 'list_mcp_servers', 'mcp_tool']) {
      expect(byName.get(name)).toMatchObject({
        binding: { kind: 'local' },
        available: true,
        unavailable_reason: null,
        input_schema: { type: 'object' },
      });
    }
    expect(byName.get('legacy_deploy')).toMatchObject({
      binding: { kind: 'mcp', server_id: 'off', tool_name: 'echo' },
      available: false,
      unavailable_reason: expect.stringMatching(/"off" is disabled/),
    });
    expect(byName.get('locked_echo')).toMatchObject({
      available: false,
      unavailable_reason: expect.stringMatching(/PB_E2E_LOCKED_TOKEN/),
    });
  });

  it('invokes a local tool and records the run', async () => {
    const res = await invoke('deploy', { service: 'api', version: '1.2.3' }).expect(200);
    expect(res.body).toMatchObject({
      tool: 'deploy',
      binding: { kind: 'local' },
      is_error: false,
      structured_content: {
        deployment: { service: 'api', version: '1.2.3', environment: 'staging' },
      },
      content: [{ type: 'text' }],
    });
    expect(typeof res.body.duration_ms).toBe('number');
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[0]).toMatchObject({
      run_id: res.body.run_id,
      tool: 'deploy',
      binding: { kind: 'local' },
      caller: 'http',
      outcome: 'ok',
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('list_mcp_servers reads the registry', async () => {
    const res = await invoke('list_mcp_servers', {}).expect(200);
    const servers = res.body.structured_content.servers as Json[];
    expect(servers.find((s) => s.id === 'off')).toMatchObject({ enabled: false });
    expect(servers.find((s) => s.id === 'locked')).toMatchObject({
      missing_credentials: ['PB_E2E_LOCKED_TOKEN'],
    });
  });

  it('answers 404 for an unknown tool and 422 listing each bad argument', async () => {
    const missing = await invoke('no_such_tool', {}).expect(404);
    expect(missing.body.error.code).toBe('tool_not_found');
    const bad = await invoke('deploy', { version: 3, extra: true }).expect(422);
    expect(bad.body.error.code).toBe('invalid_arguments');
    const fields = (bad.body.error.details.fields as Json[]).map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'service', 'version']);
  });

  it('refuses args that are not an object (400)', async () => {
    for (const args of [[1, 2], 'text', null]) {
      const res = await t.http.post(`${EXEC}/tools/deploy/invoke`).send({ args }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('binds deploy to an MCP tool, then unbinding restores the local one', async () => {
    const put = await t.http
      .put(`${EXEC}/routes/deploy`)
      .send({ server_id: 'everything', tool_name: 'echo' })
      .expect(200);
    expect(put.body).toEqual({ tool: 'deploy', server_id: 'everything', tool_name: 'echo' });
    expect(routesFile().tool_routes.deploy).toEqual({ server_id: 'everything', tool_name: 'echo' });

    const listed = await t.http.get(`${EXEC}/tools`).expect(200);
    const deploy = (listed.body as Json[]).find((tool) => tool.name === 'deploy');
    expect(deploy).toMatchObject({
      binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
      available: true,
      input_schema: { required: ['message'] },
    });

    const routed = await invoke('deploy', { message: 'ship it' }).expect(200);
    expect(routed.body).toMatchObject({
      binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
      content: [{ type: 'text', text: 'Echo: ship it' }],
    });
    // The server's schema applies while routed, not the local one.
    await invoke('deploy', { service: 'api', version: '1' }).expect(422);

    await t.http.delete(`${EXEC}/routes/deploy`).expect(204);
    expect(routesFile().tool_routes.deploy).toBeUndefined();
    const local = await invoke('deploy', { service: 'api', version: '2' }).expect(200);
    expect(local.body.binding).toEqual({ kind: 'local' });
    await t.http.delete(`${EXEC}/routes/deploy`).expect(404);
  });

  it('a route may name a tool with no local implementation', async () => {
    await t.http
      .put(`${EXEC}/routes/shout`)
      .send({ server_id: 'web', tool_name: 'echo' })
      .expect(200);
    const res = await invoke('shout', { message: 'over http' }).expect(200);
    expect(res.body.binding).toEqual({ kind: 'mcp', server_id: 'web', tool_name: 'echo' });
    expect((await t.http.get(`${EXEC}/routes/shout`).expect(200)).body.server_id).toBe('web');
    await t.http.delete(`${EXEC}/routes/shout`).expect(204);
    await invoke('shout', { message: 'gone' }).expect(404);
  });

  it('refuses routes to unknown servers, missing server tools and the proxy itself', async () => {
    const before = readFileSync(join(t.configDir, 'tool_routes.json'), 'utf8');
    const put = (tool: string, body: Json) => t.http.put(`${EXEC}/routes/${tool}`).send(body);
    const noServer = await put('deploy', { server_id: 'nope', tool_name: 'echo' }).expect(404);
    expect(noServer.body.error.code).toBe('server_not_found');
    const noTool = await put('deploy', { server_id: 'everything', tool_name: 'nope' }).expect(404);
    expect(noTool.body.error).toMatchObject({
      code: 'tool_not_found',
      message: /has no tool "nope"/,
    });
    const disabled = await put('deploy', { server_id: 'off', tool_name: 'echo' }).expect(409);
    expect(disabled.body.error.code).toBe('server_disabled');
    await put('mcp_tool', { server_id: 'everything', tool_name: 'echo' }).expect(400);
    await put('deploy', { server_id: 'everything' }).expect(400);
    expect(readFileSync(join(t.configDir, 'tool_routes.json'), 'utf8')).toBe(before);
  });

  it('a route to a disabled server answers 409, and to one missing a credential 424', async () => {
    const off = await invoke('legacy_deploy', { message: 'x' }).expect(409);
    expect(off.body.error.code).toBe('server_disabled');
    const locked = await invoke('locked_echo', { message: 'x' }).expect(424);
    expect(locked.body.error.code).toBe('credentials_missing');
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[0]).toMatchObject({ tool: 'locked_echo', outcome: 'credentials_missing' });
  });

  it('a route whose server gets disabled answers 409 instead of falling back', async () => {
    await t.http
      .put(`${EXEC}/routes/deploy`)
      .send({ server_id: 'fault', tool_name: 'echo' })
      .expect(200);
    await t.http
      .patch('/api/v1/integrations/mcp-servers/fault')
      .send({ enabled: false })
      .expect(200);
    try {
      const res = await invoke('deploy', { service: 'api', version: '3' }).expect(409);
      expect(res.body.error.code).toBe('server_disabled');
      const listed = await t.http.get(`${EXEC}/tools`).expect(200);
      expect((listed.body as Json[]).find((tool) => tool.name === 'deploy')).toMatchObject({
        available: false,
        unavailable_reason: expect.stringMatching(/"fault" is disabled/),
      });
    } finally {
      await t.http.patch('/api/v1/integrations/mcp-servers/fault').send({ enabled: true });
      await t.http.delete(`${EXEC}/routes/deploy`);
    }
  });

  it('mcp_tool calls stdio and streamable HTTP servers and reports the binding it took', async () => {
    for (const server of ['everything', 'web']) {
      const res = await proxy(server, 'echo', { message: `via ${server}` }).expect(200);
      expect(res.body).toMatchObject({
        tool: 'mcp_tool',
        binding: { kind: 'mcp', server_id: server, tool_name: 'echo' },
        content: [{ type: 'text', text: `Echo: via ${server}` }],
      });
    }
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[0]).toMatchObject({
      tool: 'mcp_tool',
      binding: { kind: 'mcp', server_id: 'web', tool_name: 'echo' },
      outcome: 'ok',
    });
  });

  it("mcp_tool checks the server tool's own schema and passes isError through as data", async () => {
    const bad = await proxy('everything', 'echo', { message: 42 }).expect(422);
    expect(bad.body.error.details.fields).toEqual([
      { field: 'message', problems: ['must be string'] },
    ]);
    await proxy('nope', 'echo', {}).expect(404);
    await proxy('off', 'echo', { message: 'x' }).expect(409);
    const failed = await proxy('fault', 'fail', {}).expect(200);
    expect(failed.body.is_error).toBe(true);
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[0]).toMatchObject({ tool: 'mcp_tool', outcome: 'tool_error' });
  });

  it('answers 504 when a server hangs past the body timeout_ms', async () => {
    await proxy('hang', 'fail', {}).expect(200); // connected: the timeout below is the call's
    const started = Date.now();
    const res = await proxy('hang', 'echo', { message: 'x' }, { timeout_ms: 300 }).expect(504);
    expect(res.body.error.code).toBe('mcp_timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs a task, showing the progress the server reported', async () => {
    const args = {
      server_id: 'everything',
      tool_name: 'trigger-long-running-operation',
      args: { duration: 1.2, steps: 3 },
    };
    const created = await t.http.post(`${EXEC}/tasks`).send({ tool: 'mcp_tool', args }).expect(202);
    expect(created.body).toEqual({ task_id: expect.any(String), state: 'running' });
    const path = `${EXEC}/tasks/${created.body.task_id}`;
    const progressed = await waitFor(async () => {
      const res = await t.http.get(path).expect(200);
      return res.body.progress ? res.body : null;
    }, 'task progress');
    expect(progressed.progress).toMatchObject({ progress: expect.any(Number), total: 3 });
    const done = await waitFor(async () => {
      const res = await t.http.get(path).expect(200);
      return res.body.state === 'succeeded' ? res.body : null;
    }, 'task success');
    expect(done).toMatchObject({
      tool: 'mcp_tool',
      error: null,
      finished_at: expect.any(String),
      result: { binding: { kind: 'mcp', server_id: 'everything' }, is_error: false },
    });
    // The SDK may drop a last notification that arrives with the result: not always 3 of 3.
    expect(done.progress).toEqual({ progress: expect.any(Number), total: 3, message: null });
  });

  /** How many notifications/cancelled the fault server has received. */
  const cancellationsSeen = async () =>
    (await proxy('fault', 'stats', {}).expect(200)).body.structured_content.cancelled as number;

  it('cancels a task, upstream too', async () => {
    const stats = cancellationsSeen;
    const before = await stats();
    const created = await t.http
      .post(`${EXEC}/tasks`)
      .send({ tool: 'mcp_tool', args: { server_id: 'fault', tool_name: 'hang', args: {} } })
      .expect(202);
    const path = `${EXEC}/tasks/${created.body.task_id}`;
    // The call must have reached the server before the cancel, or nothing goes upstream.
    await new Promise((r) => setTimeout(r, 200));
    const cancelled = await t.http.delete(path).expect(202);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', error: { code: 'tool_cancelled' } });
    await waitFor(
      async () => (await stats()) > before,
      'the server to see notifications/cancelled',
    );
    const after = await t.http.get(path).expect(200);
    expect(after.body).toMatchObject({ state: 'cancelled', result: null });
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    const run = (runs.body as Json[]).find((r) => r.outcome === 'tool_cancelled');
    expect(run).toMatchObject({
      caller: 'task',
      binding: { server_id: 'fault', tool_name: 'hang' },
    });
  });

  it('cancels a call upstream when its HTTP client disconnects', async () => {
    const before = await cancellationsSeen();
    const req = httpRequest(`${t.url}${EXEC}/tools/mcp_tool/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => undefined); // the socket is destroyed on purpose
    req.end(JSON.stringify({ args: { server_id: 'fault', tool_name: 'hang', args: {} } }));
    // The call must have reached the server before the client leaves.
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await waitFor(
      async () => (await cancellationsSeen()) > before,
      'the server to see notifications/cancelled',
    );
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    const run = (runs.body as Json[]).find(
      (r) => r.outcome === 'tool_cancelled' && r.caller === 'http',
    );
    expect(run).toMatchObject({ binding: { server_id: 'fault', tool_name: 'hang' } });
  });

  it('checks a task up front and answers 404 for unknown ids', async () => {
    await t.http.post(`${EXEC}/tasks`).send({ tool: 'nope', args: {} }).expect(404);
    await t.http
      .post(`${EXEC}/tasks`)
      .send({ tool: 'deploy', args: { service: 1 } })
      .expect(422);
    await t.http.get(`${EXEC}/tasks/not-a-task`).expect(404);
    await t.http.delete(`${EXEC}/tasks/not-a-task`).expect(404);
  });

  it('describes the execution routes in the OpenAPI document', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    const paths = Object.keys(doc.body.paths as Json);
    for (const p of [
      '/api/v1/execution/tools',
      '/api/v1/execution/tools/{name}/invoke',
      '/api/v1/execution/routes',
      '/api/v1/execution/routes/{tool}',
      '/api/v1/execution/runs',
      '/api/v1/execution/tasks',
      '/api/v1/execution/tasks/{task_id}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
