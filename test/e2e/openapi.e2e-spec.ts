import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types';
import { lintOpenApi } from '../helpers/openapi-lint';
import { startApp, TestApp } from '../helpers/test-app';

type Operation = { summary?: string; security?: object[]; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>>; security?: object[] };

const TOKEN = 'openapi-token-0123456789abcdef';
const clone = <T>(value: T): T => structuredClone(value);

function operations(doc: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );
}

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startApp({ env: { PATCHBAY_API_TOKEN: TOKEN } });
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    expect(await lintOpenApi(doc)).toEqual([]);
  });

  it('the lint reports a route without summary, security or error answers', async () => {
    const broken = clone(doc);
    delete broken.security;
    const op = broken.paths['/api/v1/execution/runs'].get;
    delete op.summary;
    op.responses = { '200': op.responses['200'] };
    const problems = await lintOpenApi(broken);
    for (const rule of ['operation-summary', 'security-defined', 'operation-4xx-response']) {
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining(` ${rule} #/paths/~1api~1v1~1execution~1runs`),
        ]),
      );
    }
  });

  it('takes the bearer token on every operation except the ones documented as public', async () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const publicOps: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      const url = path.replace(/\{[^}]+\}/g, 'x');
      const res = await t.http[method as 'get'](url);
      const isPublic = op.security?.length === 1 && Object.keys(op.security[0]).length === 0;
      if (isPublic) publicOps.push(`${method} ${path}`);
      // The token guard answers 401 before routing: the document must say the same. (A webhook's
      // own 401 is about its signature, not the token.)
      const tokenRefused = res.status === 401 && /Bearer/.test(String(res.body?.error?.message));
      expect({ route: `${method} ${path}`, status: tokenRefused ? 401 : 'other' }).toEqual({
        route: `${method} ${path}`,
        status: isPublic ? 'other' : 401,
      });
    }
    expect(publicOps.sort()).toEqual([
      'get /api/v1/health',
      'get /oauth/callback',
      'get /oauth/client-metadata.json',
      'post /hooks/{playbook_id}',
    ]);
  });

  it('ui/src/api.gen.ts is up to date (else run npm run gen:api-types)', async () => {
    const expected = await generateApiTypes(doc);
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(expected);
  });
});
