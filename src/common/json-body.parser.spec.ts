import Fastify, { FastifyInstance } from 'fastify';
import { PatchbayError } from './errors/catalogue';
import { registerJsonBody } from './json-body.parser';

/** A body `depth` arrays deep holding `inner` at the bottom. */
const nested = (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('registerJsonBody', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    registerJsonBody(app);
    app.setErrorHandler((err, _req, reply) => {
      const code = err instanceof PatchbayError ? err.code : 'other';
      void reply.status(400).send({ code });
    });
    app.post('/', (req) => ({ ok: true, body: req.body }));
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/',
      payload,
      headers: { 'content-type': 'application/json' },
    });

  it('refuses a forbidden key at any depth it accepts, and refuses deeper bodies whole', async () => {
    for (const depth of [1, 30, 62]) {
      const res = await post(nested(depth, '{"__proto__": {"polluted": 1}}'));
      expect([depth, res.json()]).toEqual([depth, { code: 'forbidden_key' }]);
    }
    // Past 64 levels nothing is accepted, key or not (the walk used to stop there and accept).
    for (const depth of [65, 200, 5_000]) {
      const res = await post(nested(depth, '{"__proto__": {"polluted": 1}}'));
      expect([depth, res.statusCode, res.json().code]).toEqual([depth, 400, 'validation_failed']);
    }
  });

  it('refuses a forbidden key spelled with unicode escapes', async () => {
    const res = await post('{"a": [{"\\u0063onstructor": {"prototype": {}}}]}');
    expect(res.json()).toEqual({ code: 'forbidden_key' });
  });

  it('accepts bodies up to 64 levels deep and the names as values', async () => {
    const res = await post(nested(62, '{"name": "constructor", "x": "__proto__"}'));
    expect(res.json()).toMatchObject({ ok: true });
  });

  it('refuses bodies nested past 64 levels without a key in them', async () => {
    const res = await post(nested(300, '{"name": "x"}'));
    expect(res.json()).toEqual({ code: 'validation_failed' });
  });
});
