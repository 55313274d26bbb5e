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

  it('refuses a forbidden key however deep it sits', async () => {
    for (const depth of [1, 63, 65, 200, 5_000]) {
      const res = await post(nested(depth, '{"__proto__": {"polluted": 1}}'));
      expect([depth, res.json()]).toEqual([depth, { code: 'forbidden_key' }]);
    }
  });

  it('refuses a forbidden key spelled with unicode escapes', async () => {
    const res = await post('{"a": [{"\\u0063onstructor": {"prototype": {}}}]}');
    expect(res.json()).toEqual({ code: 'forbidden_key' });
  });

  it('accepts deep bodies and the names as values', async () => {
    const res = await post(nested(300, '{"name": "constructor", "x": "__proto__"}'));
    expect(res.json()).toMatchObject({ ok: true });
  });
});
