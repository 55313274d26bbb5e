import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrationRegistryService } from '../../src/integration-registry/integration-registry.service';
import { startApp, TestApp, everythingStdio } from '../helpers/test-app';

const SERVER = '/api/v1/integrations/mcp-servers/demo';
const CREDENTIAL = `${SERVER}/credentials/API_KEY`;
const servers = {
  demo: everythingStdio({ enabled: false, credentials: [{ name: 'API_KEY', env: 'API_KEY' }] }),
};

type Problems = { field: string; problems: string[] }[];
const fieldsOf = (body: { error: { details?: { fields?: Problems } } }) =>
  (body.error.details?.fields ?? []).map((f) => f.field).sort();

describe('null in a request field (e2e)', () => {
  let t: TestApp;
  const serversFile = () => readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8');

  // Our own folder, so it outlives the first app and a second one can start on it.
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-null-'));
  beforeAll(async () => {
    t = await startApp({ servers, dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('PATCH {"enabled": null} is a 400 naming the field; the file and the server stay as they were', async () => {
    const before = serversFile();
    const served = (await t.http.get(SERVER).expect(200)).body;
    const res = await t.http.patch(SERVER).send({ enabled: null }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('enabled: must not be null');
    expect(fieldsOf(res.body)).toEqual(['enabled']);
    const both = await t.http.patch(SERVER).send({ name: null, timeout_ms: null }).expect(400);
    expect(fieldsOf(both.body)).toEqual(['name', 'timeout_ms']);
    expect(serversFile()).toBe(before);
    expect((await t.http.get(SERVER).expect(200)).body).toEqual(served);
  });

  it('below the API too, a write that would not load is refused and changes nothing', async () => {
    const before = serversFile();
    const served = (await t.http.get(SERVER).expect(200)).body;
    const registry = t.app.get(IntegrationRegistryService);
    const poisoned = { enabled: null } as unknown as { enabled: boolean };
    await expect(registry.updateServer('demo', poisoned)).rejects.toMatchObject({
      code: 'internal_error',
      problems: ['$.mcp_servers.demo.enabled: must be boolean'],
    });
    expect(serversFile()).toBe(before);
    expect((await t.http.get(SERVER).expect(200)).body).toEqual(served);
  });

  it('after the refused null, a second Patchbay on the same folders starts and serves the same state', async () => {
    await t.http.patch(SERVER).send({ enabled: null, description: null }).expect(400);
    await t.http.patch(SERVER).send({ name: 'Renamed' }).expect(200);
    const served = (await t.http.get(SERVER).expect(200)).body;
    await t.close();
    t = await startApp({ dir });
    const again = (await t.http.get(SERVER).expect(200)).body;
    expect(again).toEqual({ ...served, status: again.status });
    expect(again.name).toBe('Renamed');
    expect(again.enabled).toBe(false);
  });

  it.each([
    ['PUT a credential', 'put', CREDENTIAL, { value: null }, 'value'],
    [
      'PUT a route',
      'put',
      '/api/v1/execution/routes/deploy',
      { server_id: null, tool_name: 'echo' },
      'server_id',
    ],
    ['invoke', 'post', '/api/v1/execution/tools/deploy/invoke', { args: null }, 'args'],
    [
      'invoke with a timeout',
      'post',
      '/api/v1/execution/tools/deploy/invoke',
      { timeout_ms: null },
      'timeout_ms',
    ],
    ['start a task', 'post', '/api/v1/execution/tasks', { tool: null }, 'tool'],
  ] as const)(
    '%s with a null field is a 400 naming it',
    async (_what, method, path, body, field) => {
      const res = await t.http[method](path).send(body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message).toContain(`${field}: must not be null`);
      expect(fieldsOf(res.body)).toEqual([field]);
    },
  );
});

describe('messages a person can act on (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ servers });
  });
  afterAll(() => t.close());

  it('a credential value that is not a string says so, and only that', async () => {
    const res = await t.http.put(CREDENTIAL).send({ value: 123 }).expect(400);
    expect(res.body.error.message).toBe('Invalid request: value: value must be a string.');
  });

  it('a body nested deeper than 64 levels is a 400 saying so, not a 500', async () => {
    const deep = (n: number) => `{"name": ${'['.repeat(n)}${']'.repeat(n)}}`;
    const res = await t.http
      .patch(SERVER)
      .set('content-type', 'application/json')
      .send(deep(10_000));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('The request body is nested more than 64 levels deep.');
    const fine = await t.http.patch(SERVER).set('content-type', 'application/json').send(deep(60));
    expect(fine.body.error.message).toBe('Invalid request: name: name must be a string.');
  });

  it.each(['null', '[]', '[{"enabled": true}]', '1', '"enabled"', 'true'])(
    'a body of %s is "the body must be a JSON object"',
    async (raw) => {
      for (const [method, path] of [
        ['patch', SERVER],
        ['put', CREDENTIAL],
        ['post', '/api/v1/execution/tasks'],
      ] as const) {
        const res = await t.http[method](path).set('content-type', 'application/json').send(raw);
        expect(res.status).toBe(400);
        expect(res.body.error).toEqual({
          code: 'validation_failed',
          message: 'The request body must be a JSON object.',
        });
      }
    },
  );
});
