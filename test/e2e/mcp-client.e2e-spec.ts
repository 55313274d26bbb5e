import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import {
  everythingStdio,
  EVERYTHING,
  FILESYSTEM,
  MEMORY,
  startApp,
  TestApp,
} from '../helpers/test-app';
import { alive, childPids, gone, HttpChild, startEverythingHttp } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { SERVERS, startSessionServer } from './mcp-client.support';

const textOf = (r: { content: Array<{ type: string; text?: string }> }) =>
  r.content.map((c) => c.text ?? '').join('');

describe('MCP client against real servers (stdio, streamable HTTP, SSE)', () => {
  let t: TestApp;
  let client: McpClientService;
  let streamable: HttpChild;
  let sse: HttpChild;
  let sessions: HttpChild;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'patchbay-mcp-'));
    writeFileSync(join(work, 'hello.txt'), 'hello from the temp folder');
    // One by one, so afterAll can stop whichever started even if a later one fails.
    streamable = await startEverythingHttp('streamableHttp');
    sse = await startEverythingHttp('sse');
    sessions = await startSessionServer();
    process.env.PATCHBAY_LEAK_CANARY = 'must-not-reach-children';
    t = await startApp({
      servers: {
        ev: everythingStdio({ env: { CONFIGURED_VAR: 'configured' } }),
        ev2: everythingStdio({ args: [EVERYTHING, 'stdio', 'second'] }),
        ev_http: {
          name: 'Ev HTTP',
          transport: 'streamable_http',
          url: `http://127.0.0.1:${streamable.port}/mcp`,
          enabled: true,
        },
        ev_sse: {
          name: 'Ev SSE',
          transport: 'sse',
          url: `http://127.0.0.1:${sse.port}/sse`,
          enabled: true,
        },
        // A streamable_http entry pointing at an SSE-only server: POST gets a 4xx, SSE takes over.
        ev_fallback: {
          name: 'Fallback',
          transport: 'streamable_http',
          url: `http://127.0.0.1:${sse.port}/sse`,
          enabled: true,
        },
        memory: {
          name: 'Memory',
          transport: 'stdio',
          command: process.execPath,
          args: [MEMORY],
          enabled: true,
          env: { MEMORY_FILE_PATH: join(work, 'memory.jsonl') },
        },
        fs: {
          name: 'Files',
          transport: 'stdio',
          command: process.execPath,
          args: [FILESYSTEM, work],
          enabled: true,
        },
        sessions: {
          name: 'Sessions',
          transport: 'streamable_http',
          url: `http://127.0.0.1:${sessions.port}/mcp`,
          enabled: true,
        },
        away: {
          name: 'Away',
          transport: 'streamable_http',
          url: `http://127.0.0.1:${sessions.port}/away`,
          enabled: true,
          headers: { 'x-api-key': 'not-for-other-origins' },
        },
        off: everythingStdio({ enabled: false }),
        locked: everythingStdio({
          credentials: [{ name: 'LOCKED_TOKEN', required: true, env: 'LOCKED_TOKEN' }],
        }),
      },
    });
    client = t.app.get(McpClientService);
  });

  afterAll(async () => {
    delete process.env.PATCHBAY_LEAK_CANARY;
    await t?.close();
    await Promise.all([streamable?.stop(), sse?.stop(), sessions?.stop()]);
    rmSync(work, { recursive: true, force: true });
    expect(childPids(EVERYTHING)).toEqual([]);
  });

  it.each(['ev', 'ev_http', 'ev_sse', 'ev_fallback'])('lists and calls tools of %s', async (id) => {
    const res = await t.http.get(`${SERVERS}/${id}/tools`).expect(200);
    const names = (res.body as Array<{ name: string }>).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-env']));
    expect(res.body[0]).toEqual(
      expect.objectContaining({ name: expect.any(String), input_schema: expect.any(Object) }),
    );
    const result = await client.callTool(id, 'echo', { message: `hi ${id}` });
    expect(textOf(result)).toBe(`Echo: hi ${id}`);
    const sum = await client.callTool(id, 'get-sum', { a: 2, b: 3 });
    expect(textOf(sum)).toContain('5');
    expect(client.connectionInfo(id).state).toBe('connected');
    const wire = { ev: 'stdio', ev_http: 'streamable_http', ev_sse: 'sse', ev_fallback: 'sse' };
    expect(client.connectionInfo(id).transport).toBe(wire[id as keyof typeof wire]);
  });

  it('hands the child only its configured env and the SDK defaults', async () => {
    const env = JSON.parse(textOf(await client.callTool('ev', 'get-env', {}))) as Record<
      string,
      string
    >;
    expect(env.CONFIGURED_VAR).toBe('configured');
    expect(env.PATCHBAY_LEAK_CANARY).toBeUndefined();
    expect(env.PATH).toBeDefined();
  });

  it('shares one connection and one process among concurrent first calls', async () => {
    expect(childPids('stdio second')).toEqual([]);
    const calls = Array.from({ length: 12 }, (_, i) =>
      client.callTool('ev2', 'echo', { message: String(i) }),
    );
    const results = await Promise.all([...calls, client.listTools('ev2')]);
    expect(results).toHaveLength(13);
    const pids = childPids('stdio second');
    expect(pids).toHaveLength(1);
    expect(client.connectionInfo('ev2').pid).toBe(pids[0]);
  });

  it('reports progress on a long call over every transport', async () => {
    for (const id of ['ev', 'ev_http']) {
      const seen: number[] = [];
      const result = await client.callTool(
        id,
        'trigger-long-running-operation',
        { duration: 0.4, steps: 4 },
        { onProgress: (p) => seen.push(p.progress) },
      );
      expect(textOf(result)).toContain('Long running operation completed');
      expect(seen.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('works with server-memory and server-filesystem', async () => {
    await client.callTool('memory', 'create_entities', {
      entities: [{ name: 'Patchbay', entityType: 'service', observations: ['wires MCP servers'] }],
    });
    const graph = textOf(await client.callTool('memory', 'read_graph', {}));
    expect(graph).toContain('Patchbay');
    const file = await client.callTool('fs', 'read_text_file', { path: join(work, 'hello.txt') });
    expect(textOf(file)).toBe('hello from the temp folder');
    const denied = await client.callTool('fs', 'read_text_file', { path: '/etc/hostname' });
    expect(denied.isError).toBe(true); // a tool error is data, not an exception
  });

  it('re-initializes when the streamable HTTP session answers 404', async () => {
    const who = async () =>
      (await client.callTool('sessions', 'whoami', {})).structuredContent as {
        session: string;
        initialized: number;
      };
    const first = await who();
    await client.callTool('sessions', 'forget-sessions', {});
    await new Promise((r) => setTimeout(r, 50));
    const second = await who(); // the 404 is absorbed: a new session, the call still answers
    expect(second.session).not.toBe(first.session);
    expect(second.initialized).toBe(first.initialized + 1);
    expect(client.connectionInfo('sessions').state).toBe('connected');
  });

  it('refuses a redirect to another origin', async () => {
    const res = await t.http.get(`${SERVERS}/away/tools`).expect(502);
    expect(res.body.error.code).toBe('mcp_connect_failed');
    expect(res.body.error.message).toContain('another origin');
  });

  it('answers 404, 409 and 424 on the tools route before any connection', async () => {
    const missing = await t.http.get(`${SERVERS}/nope/tools`).expect(404);
    expect(missing.body.error.code).toBe('server_not_found');
    const off = await t.http.get(`${SERVERS}/off/tools`).expect(409);
    expect(off.body.error.code).toBe('server_disabled');
    const locked = await t.http.get(`${SERVERS}/locked/tools`).expect(424);
    expect(locked.body.error.code).toBe('credentials_missing');
    expect(locked.body.error.details.missing).toEqual(['LOCKED_TOKEN']);
  });

  it('disabling a server closes it and ends its process; enabling reconnects', async () => {
    await client.listTools('ev');
    const pid = client.connectionInfo('ev').pid as number;
    expect(alive(pid)).toBe(true);
    await t.http.patch(`${SERVERS}/ev`).send({ enabled: false }).expect(200);
    await gone(pid, 'the disabled server to exit');
    const res = await t.http.get(`${SERVERS}/ev/tools`).expect(409);
    expect(res.body.error.code).toBe('server_disabled');
    await t.http.patch(`${SERVERS}/ev`).send({ enabled: true }).expect(200);
    await t.http.get(`${SERVERS}/ev/tools`).expect(200);
    const again = client.connectionInfo('ev').pid as number;
    expect(again).not.toBe(pid);
    await waitFor(() => alive(again), 'the new process');
  });
});
