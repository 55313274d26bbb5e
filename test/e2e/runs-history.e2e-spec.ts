import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio, startApp, TestApp } from '../helpers/test-app';

const EXEC = '/api/v1/execution';
type Json = Record<string, unknown>;

describe('Run history on disk (server-everything over stdio)', () => {
  const canary = `canary-runs-${randomBytes(12).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-runs-e2e-'));
  const servers = {
    everything: everythingStdio({
      credentials: [{ name: 'RUNS_CANARY', required: true, env: 'RUNS_CANARY' }],
    }),
  };
  let t: TestApp;
  const echo = (message: string) =>
    t.http
      .post(`${EXEC}/tools/mcp_tool/invoke`)
      .send({ args: { server_id: 'everything', tool_name: 'echo', args: { message } } });
  const runs = async (query = ''): Promise<Json[]> =>
    (await t.http.get(`${EXEC}/runs${query}`).expect(200)).body as Json[];

  beforeAll(async () => {
    t = await startApp({ dir, servers });
    await t.http
      .put('/api/v1/integrations/mcp-servers/everything/credentials/RUNS_CANARY')
      .send({ value: canary })
      .expect(204);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records calls with filters, paging and details', async () => {
    for (let i = 0; i < 5; i++) await echo(`hello ${i}`).expect(200);
    await echo(`leak ${canary}`).expect(200);
    await t.http.post(`${EXEC}/tools/no_such_tool/invoke`).send({ args: {} }).expect(404);
    const all = await runs();
    expect(all).toHaveLength(7);
    expect(all[0]).toMatchObject({ tool: 'no_such_tool', outcome: 'tool_not_found' });
    expect(await runs('?server_id=everything&outcome=ok&caller=http')).toHaveLength(6);
    expect(await runs('?outcome=tool_not_found')).toHaveLength(1);
    expect(await runs('?tool=mcp_tool&limit=2')).toHaveLength(2);
    expect(await runs('?caller=task')).toHaveLength(0);
    const page1 = await runs('?limit=3');
    const page2 = await runs(`?limit=3&before=${String(page1[2].run_id)}`);
    const page3 = await runs(`?limit=3&before=${String(page2[2].run_id)}`);
    expect([...page1, ...page2, ...page3].map((r) => r.run_id)).toEqual(all.map((r) => r.run_id));
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await runs(`?since=${future}`)).toHaveLength(0);
    expect(await runs(`?until=${future}&since=2020-01-01T00:00:00Z`)).toHaveLength(7);

    const ok = (await t.http.get(`${EXEC}/runs/${String(all[1].run_id)}`).expect(200)).body;
    expect(ok).toMatchObject({ outcome: 'ok', error: null, args: { server_id: 'everything' } });
    expect(JSON.stringify(ok.result)).toContain('Echo');
    const failed = (await t.http.get(`${EXEC}/runs/${String(all[0].run_id)}`).expect(200)).body;
    expect(failed.error).toMatchObject({ code: 'tool_not_found', message: expect.any(String) });
  });

  it('answers 400 for bad parameters and 404 for an unknown run', async () => {
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=abc',
      'since=yesterday',
      'before=not-a-run',
      `before=${randomUUID()}`,
      'colour=red',
      'tool=a&tool=b',
    ]) {
      const res = await t.http.get(`${EXEC}/runs?${q}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    await t.http.get(`${EXEC}/runs/${randomUUID()}`).expect(404);
    await t.http.get(`${EXEC}/runs/..%2Fetc`).expect(400);
  });

  it('survives a restart and holds no canary secret on disk', async () => {
    const before = await runs('?limit=500');
    await t.close();
    const file = join(t.dataDir, 'runs.sqlite');
    const bytes = [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(bytes).toContain('hello 4');
    expect(bytes).not.toContain(canary);
    t = await startApp({ dir, servers });
    const after = await runs('?limit=500');
    expect(after).toEqual(before);
    const leaked = after.find((r) => JSON.stringify(r.args).includes('leak'));
    expect(JSON.stringify(leaked)).toContain('[redacted]');
  });
});
