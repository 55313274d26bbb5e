import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { MEMORY, TestApp, everythingStdio, startApp } from '../helpers/test-app';
import { faultServer } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait';
import { McpTestClient, connectMcp } from './mcp-server.support';

type Json = Record<string, unknown>;
type Text = { type: string; text: string };
const textOf = (r: unknown) =>
  ((r as { content: Text[] }).content ?? []).map((c) => c.text).join('');

describe('Patchbay as an MCP server (e2e, SDK client over HTTP, real servers)', () => {
  let t: TestApp;
  let mcp: McpTestClient;
  const work = mkdtempSync(join(tmpdir(), 'patchbay-mcp-server-'));
  const runs = async () => (await t.http.get('/api/v1/execution/runs').expect(200)).body as Json[];

  beforeAll(async () => {
    t = await startApp({
      servers: {
        everything: everythingStdio(),
        memory: {
          name: 'Memory',
          transport: 'stdio',
          command: process.execPath,
          args: [MEMORY],
          env: { MEMORY_FILE_PATH: join(work, 'memory.jsonl') },
          enabled: true,
        },
        fault: faultServer('ok', { timeout_ms: 20_000 }),
        off: everythingStdio({ enabled: false }),
      },
    });
    mcp = await connectMcp(`${t.url}/mcp`);
  });

  afterAll(async () => {
    await mcp?.close();
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists registry tools by their names and every enabled server tool as server__tool', async () => {
    const names = await mcp.waitForTools(['everything__echo', 'memory__read_graph', 'fault__hang']);
    expect(names).toEqual(expect.arrayContaining(['deploy', 'list_mcp_servers', 'mcp_tool']));
    expect(names.filter((n) => n.startsWith('off__'))).toEqual([]);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,128}$/);
  });

  it('calls a server tool through the registry: the run log shows caller mcp', async () => {
    const result = await mcp.client.callTool({
      name: 'everything__echo',
      arguments: { message: 'via mcp' },
    });
    expect(result.isError).toBe(false);
    expect(textOf(result)).toContain('via mcp');
    const run = (await runs()).find((r) => r.caller === 'mcp' && r.tool === 'mcp_tool');
    expect(run).toMatchObject({
      outcome: 'ok',
      binding: { kind: 'mcp', server_id: 'everything', tool_name: 'echo' },
    });
  });

  it('calls a local tool and reports bad arguments as a tool error the model can read', async () => {
    const listed = await mcp.client.callTool({ name: 'list_mcp_servers', arguments: {} });
    expect(listed.isError).toBe(false);
    expect(textOf(listed)).toContain('everything');
    const bad = await mcp.client.callTool({ name: 'everything__echo', arguments: { message: 7 } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('invalid_arguments');
    await expect(mcp.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );
  });

  it('passes progress notifications back to the client', async () => {
    const seen: { progress: number; total?: number }[] = [];
    const result = await mcp.client.callTool(
      { name: 'fault__sleep', arguments: { ms: 400 } },
      undefined,
      {
        onprogress: (p) => seen.push(p),
      },
    );
    expect(textOf(result)).toBe('slept 400');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    // The last one may race the answer (the client then drops it); the first ones arrive.
    expect(seen[0]).toEqual(expect.objectContaining({ progress: 1, total: 4 }));
  });

  it('a cancel from the client reaches the upstream server', async () => {
    const stats = async () =>
      (await mcp.client.callTool({ name: 'fault__stats', arguments: {} })).structuredContent as {
        hangs: number;
        cancelled: number;
      };
    const before = await stats();
    const abort = new AbortController();
    const call = mcp.client.callTool({ name: 'fault__hang', arguments: {} }, undefined, {
      signal: abort.signal,
    });
    await waitFor(async () => (await stats()).hangs > before.hangs, 'the call upstream');
    abort.abort('test cancels');
    await expect(call).rejects.toThrow();
    await waitFor(
      async () => (await stats()).cancelled > before.cancelled,
      'the upstream cancellation',
    );
    await waitFor(
      async () => (await runs()).find((r) => r.caller === 'mcp' && r.outcome === 'tool_cancelled'),
      'the cancelled run in the run log',
    );
  });

  it('passes one server through with its own names on /mcp/servers/{id}', async () => {
    const memory = await connectMcp(`${t.url}/mcp/servers/memory`);
    try {
      const names = await memory.waitForTools(['read_graph', 'create_entities']);
      expect(names.some((n) => n.includes('__'))).toBe(false);
      const graph = await memory.client.callTool({ name: 'read_graph', arguments: {} });
      expect(graph.isError).toBeFalsy();
      const run = (await runs()).find(
        (r) => r.caller === 'mcp' && (r.binding as Json | null)?.tool_name === 'read_graph',
      );
      expect(run).toBeDefined();
      // A session belongs to the endpoint that created it.
      const res = await fetch(`${t.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': memory.transport.sessionId ?? '',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: Json }).error.code).toBe('mcp_session_not_found');
    } finally {
      await memory.close();
    }
    await t.http.post('/mcp/servers/nope').send({}).expect(404);
  });

  it('answers bad requests on /mcp in the one error shape', async () => {
    const post = (body: string, type = 'application/json') =>
      t.http
        .post('/mcp')
        .set('content-type', type)
        .set('accept', 'application/json, text/event-stream')
        .send(body);
    const noSession = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    expect(noSession.status).toBe(400);
    expect(noSession.body.error.code).toBe('validation_failed');
    expect((await post('{"jsonrpc": ')).body.error.code).toBe('invalid_json');
    expect((await post('hello', 'text/plain')).status).toBe(415);
    const stream = await t.http.get('/mcp').set('accept', 'text/event-stream');
    expect(stream.status).toBe(400);
    const gone = await t.http.delete('/mcp').set('mcp-session-id', 'not-a-session');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('mcp_session_not_found');
  });

  it('toolsets: the API, the file, and an endpoint with only their tools', async () => {
    await t.http.get('/api/v1/toolsets/dev').expect(404);
    await t.http
      .put('/api/v1/toolsets/dev')
      .send({ name: 'Dev', tools: ['bad name!'] })
      .expect(400);
    const put = await t.http
      .put('/api/v1/toolsets/dev')
      .send({ name: 'Dev', description: 'echo only', tools: ['everything__echo', 'deploy'] })
      .expect(200);
    expect(put.body).toEqual({
      id: 'dev',
      name: 'Dev',
      description: 'echo only',
      tools: ['everything__echo', 'deploy'],
      endpoint: '/mcp/toolsets/dev',
    });
    const file = JSON.parse(readFileSync(join(t.configDir, 'toolsets.json'), 'utf8')) as Json;
    expect(file).toEqual({
      toolsets: {
        dev: { name: 'Dev', description: 'echo only', tools: ['everything__echo', 'deploy'] },
      },
    });
    expect((await t.http.get('/api/v1/toolsets').expect(200)).body).toHaveLength(1);

    const dev = await connectMcp(`${t.url}/mcp/toolsets/dev`);
    try {
      expect(await dev.names()).toEqual(['deploy', 'everything__echo']);
      const echo = await dev.client.callTool({
        name: 'everything__echo',
        arguments: { message: 'ts' },
      });
      expect(textOf(echo)).toContain('ts');
      await expect(
        dev.client.callTool({ name: 'memory__read_graph', arguments: {} }),
      ).rejects.toThrow(/Unknown tool/);
    } finally {
      await dev.close();
    }
    await t.http.delete('/api/v1/toolsets/dev').expect(204);
    await t.http.delete('/api/v1/toolsets/dev').expect(404);
    await t.http.post('/mcp/toolsets/dev').send({}).expect(404);
  });

  it('a server disabled is left out with list_changed, and comes back with list_changed', async () => {
    await mcp.waitForTools(['fault__echo']);
    const before = mcp.listChanged();
    await t.http
      .patch('/api/v1/integrations/mcp-servers/fault')
      .send({ enabled: false })
      .expect(200);
    await waitFor(() => mcp.listChanged() > before, 'list_changed after disabling');
    expect((await mcp.names()).filter((n) => n.startsWith('fault__'))).toEqual([]);

    const again = mcp.listChanged();
    await t.http
      .patch('/api/v1/integrations/mcp-servers/fault')
      .send({ enabled: true })
      .expect(200);
    await waitFor(() => mcp.listChanged() > again, 'list_changed after enabling', 30_000);
    expect(await mcp.names()).toContain('fault__echo');
  });
});

describe('MCP endpoints need the API token when one is set (e2e)', () => {
  const token = 'mcp-e2e-token-0123456789';
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ env: { PATCHBAY_API_TOKEN: token } });
  });
  afterAll(async () => t?.close());

  it('refuses /mcp without the bearer token on every method, and serves it with the token', async () => {
    for (const path of ['/mcp', '/mcp/servers/everything', '/mcp/toolsets/x']) {
      expect((await t.http.get(path).set('accept', 'text/event-stream')).status).toBe(401);
      expect((await t.http.post(path).send({})).status).toBe(401);
      expect((await t.http.delete(path)).status).toBe(401);
    }
    await expect(connectMcp(`${t.url}/mcp`)).rejects.toThrow();
    const ok = await connectMcp(`${t.url}/mcp`, token);
    try {
      expect(await ok.names()).toContain('mcp_tool');
    } finally {
      await ok.close();
    }
  });

  it('describes the new routes in the OpenAPI document, with bearer security', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[]; summary?: string }>>;
    };
    for (const path of [
      '/mcp',
      '/mcp/servers/{server_id}',
      '/mcp/toolsets/{toolset_id}',
      '/api/v1/toolsets',
      '/api/v1/toolsets/{toolset_id}',
      '/api/v1/execution/tasks/{task_id}/input',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/mcp'])).toEqual(
      expect.arrayContaining(['get', 'post', 'delete']),
    );
    expect(doc.paths['/mcp/servers/{server_id}'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/toolsets/{toolset_id}'].put.summary).toBeTruthy();
  });

  it('refuses a foreign Origin', async () => {
    const res = await t.http
      .post('/mcp')
      .set('authorization', `Bearer ${token}`)
      .set('origin', 'https://evil.example')
      .send({});
    expect(res.status).toBe(403);
  });
});
