import { randomBytes } from 'node:crypto';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { HttpFixture, startHttpFixture } from './secrets.support';

const BASE = '/api/v1/integrations/mcp-servers';
type AuthReport = { matched: boolean; requests: number; matched_requests: number };

describe('Secrets as HTTP headers against a streamable HTTP server (e2e)', () => {
  const token = `tok-${randomBytes(16).toString('hex')}`;
  const apiKey = `key-${randomBytes(16).toString('hex')}`;
  let bearer: HttpFixture;
  let plain: HttpFixture;
  let t: TestApp;
  let client: McpClientService;
  const authCheck = async (id: string) =>
    (await client.callTool(id, 'auth-check', {})).structuredContent as AuthReport;

  beforeAll(async () => {
    // The fixtures answer 401 to any request without the exact expected header.
    [bearer, plain] = await Promise.all([
      startHttpFixture({ EXPECTED_AUTH: `Bearer ${token}`, REQUIRE_AUTH: '1' }),
      startHttpFixture({ EXPECTED_AUTH: apiKey, AUTH_HEADER: 'X-Api-Key', REQUIRE_AUTH: '1' }),
    ]);
    const remote = (url: string, credential: Record<string, unknown>) => ({
      name: 'Remote',
      transport: 'streamable_http',
      url,
      enabled: true,
      timeout_ms: 10_000,
      credentials: [{ name: 'REMOTE_TOKEN', required: true, ...credential }],
    });
    t = await startApp({
      servers: {
        bearer: remote(bearer.url, { header: 'Authorization', format: 'Bearer {value}' }),
        plain: remote(plain.url, { header: 'X-Api-Key' }),
      },
    });
    client = t.app.get(McpClientService);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([bearer?.close(), plain?.close()]);
  });

  it('answers 424 before the credential is set', async () => {
    const res = await t.http.get(`${BASE}/bearer`).expect(200);
    expect(res.body.status.state).toBe('needs_credentials');
    const tools = await t.http.get(`${BASE}/bearer/tools`).expect(424);
    expect(tools.body.error.message).toContain('REMOTE_TOKEN');
  });

  it('sends the stored value in the header with its format, on every request', async () => {
    await t.http.put(`${BASE}/bearer/credentials/REMOTE_TOKEN`).send({ value: token }).expect(204);
    const tools = await t.http.get(`${BASE}/bearer/tools`).expect(200);
    expect(tools.body.map((x: { name: string }) => x.name)).toContain('auth-check');
    const report = await authCheck('bearer');
    expect(report.matched).toBe(true);
    expect(report.matched_requests).toBe(report.requests);
  });

  it('uses the bare value when the credential has no format', async () => {
    await t.http.put(`${BASE}/plain/credentials/REMOTE_TOKEN`).send({ value: apiKey }).expect(204);
    expect((await authCheck('plain')).matched).toBe(true);
  });

  it('reconnects with a replaced value: a wrong one fails without echoing it, the right one works again', async () => {
    const wrong = `wrong-${randomBytes(16).toString('hex')}`;
    await t.http.put(`${BASE}/bearer/credentials/REMOTE_TOKEN`).send({ value: wrong }).expect(204);
    const failed = await t.http.get(`${BASE}/bearer/tools`);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(failed.body)).not.toContain(wrong);
    const health = await t.http.post(`${BASE}/bearer/health-check`).expect(200);
    expect(JSON.stringify(health.body)).not.toContain(wrong);
    await t.http.put(`${BASE}/bearer/credentials/REMOTE_TOKEN`).send({ value: token }).expect(204);
    await t.http.get(`${BASE}/bearer/tools`).expect(200);
    expect((await authCheck('bearer')).matched).toBe(true);
  });

  it('deleting the value brings back 424', async () => {
    await t.http.delete(`${BASE}/bearer/credentials/REMOTE_TOKEN`).expect(204);
    await t.http.get(`${BASE}/bearer/tools`).expect(424);
    await expect((async () => client.callTool('bearer', 'auth-check', {}))()).rejects.toMatchObject(
      {
        code: 'credentials_missing',
      },
    );
  });
});
