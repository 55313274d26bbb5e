import { REDACTED } from '../../src/common/redact';
import { ToolRegistryService } from '../../src/tool-registry/tool-registry.service';
import { DuplicateDeployModule, FixtureToolsModule } from '../fixtures/tools/fixture-tools.module';
import { ModulesApp, startWithModules } from '../fixtures/tools/start-with-modules';
import { EXEC } from '../fixtures/tools/support';

type Json = Record<string, unknown>;

describe('Tools added by another module (e2e)', () => {
  let t: ModulesApp;
  const invoke = (name: string, args: Json, extra: Json = {}) =>
    t.http.post(`${EXEC}/tools/${name}/invoke`).send({ args, ...extra });

  beforeAll(async () => {
    t = await startWithModules([FixtureToolsModule]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists tools from the decorator and from register() beside the built-in ones', async () => {
    const res = await t.http.get(`${EXEC}/tools`).expect(200);
    const names = (res.body as Json[]).map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['deploy', 'mcp_tool', 'fixture_add', 'fixture_upper']),
    );
    expect((res.body as Json[]).find((tool) => tool.name === 'fixture_add')).toMatchObject({
      description: 'Adds two numbers',
      input_schema: { required: ['a', 'b'] },
      binding: { kind: 'local' },
      available: true,
    });
  });

  it('invokes a decorated tool and a registered one', async () => {
    const add = await invoke('fixture_add', { a: 2, b: 3 }).expect(200);
    expect(add.body.structured_content).toEqual({ sum: 5 });
    const upper = await invoke('fixture_upper', { text: 'loud' }).expect(200);
    expect(upper.body.content).toEqual([{ type: 'text', text: 'LOUD' }]);
    await invoke('fixture_add', { a: 'two' }).expect(422);
  });

  it('turns a handler throw into 502 tool_execution_failed', async () => {
    const res = await invoke('fixture_throw', {}).expect(502);
    expect(res.body.error).toMatchObject({
      code: 'tool_execution_failed',
      message: 'Tool "fixture_throw" failed: kaboom',
    });
  });

  it('times a local tool out at the body timeout_ms (504)', async () => {
    const res = await invoke('fixture_wait', {}, { timeout_ms: 150 }).expect(504);
    expect(res.body.error.code).toBe('tool_timeout');
  });

  it('records runs with schema-marked secrets redacted', async () => {
    await invoke('fixture_login', { user: 'ann', password: 'hunter2-pw', otp: '123456' }).expect(
      200,
    );
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[0]).toMatchObject({
      tool: 'fixture_login',
      outcome: 'ok',
      args: { user: 'ann', password: REDACTED, otp: REDACTED },
    });
    expect(JSON.stringify(runs.body)).not.toContain('hunter2-pw');
  });

  it('offers the same call in process through execute()', async () => {
    const registry = t.app.get(ToolRegistryService);
    const result = await registry.execute('fixture_add', { a: 1, b: 1 }, { caller: 'spec' });
    expect(result).toMatchObject({ binding: { kind: 'local' }, structured_content: { sum: 2 } });
    await expect(registry.execute('nope')).rejects.toMatchObject({ code: 'tool_not_found' });
    const runs = await t.http.get(`${EXEC}/runs`).expect(200);
    expect(runs.body[1]).toMatchObject({ tool: 'fixture_add', caller: 'spec' });
  });

  it('runs a local tool as a task, with its progress, and cancels it', async () => {
    const created = await t.http
      .post(`${EXEC}/tasks`)
      .send({ tool: 'fixture_wait', args: {} })
      .expect(202);
    const path = `${EXEC}/tasks/${created.body.task_id}`;
    const running = await t.http.get(path).expect(200);
    expect(running.body).toMatchObject({
      state: 'running',
      progress: { progress: 1, total: 2, message: 'waiting' },
    });
    await t.http.delete(path).expect(202);
    const after = await t.http.get(path).expect(200);
    expect(after.body).toMatchObject({ state: 'cancelled', error: { code: 'tool_cancelled' } });
  });
});

describe('A duplicate tool name (e2e)', () => {
  it('fails the start with a message naming both providers', async () => {
    await expect(startWithModules([DuplicateDeployModule])).rejects.toThrow(
      /"deploy" is registered twice \(by (Duplicate)?DeployTool\.deploy\(\) and by (Duplicate)?DeployTool\.deploy\(\)\)/,
    );
  });
});
