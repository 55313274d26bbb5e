import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, TestApp, everythingStdio } from '../helpers/test-app';

const SERVER = '/api/v1/integrations/mcp-servers/demo';
const TOKEN = 'test-token-0123456789abcdef';

const expectError = (body: { error: { code: string; message: string } }, code: string) => {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
};

describe('request validation (e2e)', () => {
  let t: TestApp;
  let before: string;

  beforeAll(async () => {
    t = await startApp({ servers: { demo: everythingStdio({ enabled: false }) } });
    before = readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8');
  });
  afterAll(() => t.close());
  afterEach(() => {
    // A failed request changes nothing.
    expect(readFileSync(join(t.configDir, 'mcp_servers.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['an unknown field', { enabled: true, colour: 'red' }],
    ['a wrong type', { enabled: 'yes' }],
    ['an empty body', {}],
    ['a timeout out of range', { timeout_ms: -1 }],
  ])('PATCH with %s answers 400', async (_what, body) => {
    const res = await t.http.patch(SERVER).send(body).expect(400);
    expectError(res.body, 'validation_failed');
  });

  it.each([
    ['__proto__', '{"enabled": true, "__proto__": {"polluted": 1}}'],
    ['constructor', '{"enabled": true, "nested": {"constructor": {"prototype": 1}}}'],
    ['prototype', '{"enabled": true, "prototype": 1}'],
  ])('rejects a %s key anywhere', async (_key, raw) => {
    const res = await t.http
      .patch(SERVER)
      .set('content-type', 'application/json')
      .send(raw)
      .expect(400);
    expectError(res.body, 'forbidden_key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await t.http
      .patch(SERVER)
      .set('content-type', 'application/json')
      .send('{"enabled": tru')
      .expect(400);
    expectError(res.body, 'invalid_json');
  });

  it('answers 413 for an oversized body', async () => {
    const res = await t.http
      .patch(SERVER)
      .send({ description: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expectError(res.body, 'payload_too_large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await t.http
      .patch(SERVER)
      .set('content-type', 'text/plain')
      .send('enabled=true')
      .expect(415);
    expectError(res.body, 'unsupported_media_type');
  });

  it.each(['..', '..%2F..%2Fetc', 'a%00b', 'x'.repeat(65), 'with.dot', '%20', '%FF'])(
    'rejects the id %s with 400',
    async (id) => {
      const res = await t.http.get(`/api/v1/integrations/mcp-servers/${id}`).expect(400);
      expectError(res.body, 'validation_failed');
    },
  );

  it('answers unknown routes with 404 in the error shape', async () => {
    const res = await t.http.get('/api/v1/nope').expect(404);
    expectError(res.body, 'not_found');
  });

  it('serves the OpenAPI document describing the contract', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/integrations',
        '/api/v1/integrations/mcp-servers/{server_id}',
      ]),
    );
  });
});

describe('auth and origin (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      servers: { demo: everythingStdio({ enabled: false }) },
      env: { PATCHBAY_API_TOKEN: TOKEN, PATCHBAY_ALLOWED_ORIGINS: 'https://ui.example.com' },
    });
  });
  afterAll(() => t.close());

  it('needs the bearer token on every route but health', async () => {
    expectError((await t.http.get('/api/v1/integrations').expect(401)).body, 'unauthorized');
    await t.http
      .get('/api/v1/integrations')
      .set('Authorization', 'Bearer wrong-token-0123456789')
      .expect(401);
    await t.http.patch(SERVER).send({ enabled: true }).expect(401);
    await t.http.get('/api/v1/integrations').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await t.http.get('/api/v1/health').expect(200);
  });

  it('serves the OpenAPI page and document without the token (a browser opens them)', async () => {
    await t.http.get('/api/docs').expect(200);
    expect(Object.keys((await t.http.get('/api/docs-json').expect(200)).body.paths)).toContain(
      '/api/v1/integrations',
    );
    await t.http.get('/api/docsx').expect(401);
  });

  it('serves the OAuth callback and client metadata document without the token, nothing else', async () => {
    const callback = await t.http.get('/oauth/callback?state=unknown&code=x').expect(400);
    expectError(callback.body, 'oauth_state_invalid');
    const doc = await t.http.get('/oauth/client-metadata.json').expect(200);
    expect(doc.body.client_id).toBe(`${t.url}/oauth/client-metadata.json`);
    expect(doc.body.redirect_uris).toEqual([`${t.url}/oauth/callback`]);
    await t.http.post('/api/v1/integrations/mcp-servers/demo/oauth/authorize').expect(401);
    await t.http.get('/api/v1/integrations/mcp-servers/demo/oauth').expect(401);
  });

  it('refuses foreign origins and hosts with 403, allows its own and listed ones', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const port = new URL(t.url).port;
    expectError(
      (await t.http.get('/api/v1/health').set('Origin', 'https://evil.example').expect(403)).body,
      'forbidden_origin',
    );
    await t.http
      .get('/api/v1/integrations')
      .set(auth)
      .set('Host', `evil.example:${port}`)
      .expect(403);
    await t.http.get('/api/v1/integrations').set(auth).set('Host', `localhost:${port}`).expect(200);
    await t.http
      .get('/api/v1/integrations')
      .set(auth)
      .set('Origin', `http://localhost:${port}`)
      .expect(200);
    await t.http
      .get('/api/v1/integrations')
      .set(auth)
      .set('Origin', 'https://ui.example.com')
      .expect(200);
    await t.http
      .get('/api/v1/integrations')
      .set(auth)
      .set('Origin', `http://localhost:${Number(port) + 1}`)
      .expect(403);
  });
});
