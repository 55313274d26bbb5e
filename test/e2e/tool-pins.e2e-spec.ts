import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthCheckJob } from '../../src/health/health-check.job';
import { McpClientService } from '../../src/mcp-client/mcp-client.service';
import { TestApp, startApp } from '../helpers/test-app';
import { rugPullServer } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { BASE, SseStream, openSse } from './health.support';

interface ToolEntry {
  name: string;
  description: string;
  pin: { state: string; fingerprint: string; pinned_at: string | null; renamed_from?: string };
  previous?: { description: string; fingerprint: string };
  difference?: { field: string; before: unknown; after: unknown }[];
}

const HONEST = 'Echoes the message';

type PinsFile = {
  tool_pins: Record<string, Record<string, { fingerprint: string; definition: ToolEntry }>>;
};
const readPins = (dataDir: string): PinsFile | null => {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'tool_pins.json'), 'utf8')) as PinsFile;
  } catch {
    return null;
  }
};
const INVOKE = '/api/v1/execution/tools';

/** A fixture server changes a tool after start: the tool is held on every path until approved. */
describe('Tool pinning (e2e)', () => {
  let t: TestApp;
  let stream: SseStream;
  const pids: number[] = [];

  const tools = async (id = 'rug') => {
    const res = await t.http.get(`${BASE}/${id}/tools`);
    expect(res.status).toBe(200);
    return res.body as ToolEntry[];
  };
  const tool = async (name: string) => (await tools()).find((x) => x.name === name);
  const proxy = (tool_name: string, args: object = {}) =>
    t.http.post(`${INVOKE}/mcp_tool/invoke`).send({ args: { server_id: 'rug', tool_name, args } });
  const stateOf = async (name: string) => (await tool(name))?.pin.state;
  const remember = () => {
    const pid = t.app.get(McpClientService).connectionInfo('rug').pid;
    if (pid) pids.push(pid);
  };

  beforeAll(async () => {
    t = await startApp({
      servers: { rug: rugPullServer() },
      routes: { shout: { server_id: 'rug', tool_name: 'echo' } },
    });
    stream = await openSse(`${t.url}/api/v1/integrations/events`);
  });

  afterAll(async () => {
    stream?.close();
    if (t) remember();
    await t?.close();
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('pins every tool when first listed, in data/tool_pins.json', async () => {
    const listed = await tools();
    expect(listed.map((x) => x.pin.state)).toEqual(listed.map(() => 'pinned'));
    const echo = listed.find((x) => x.name === 'echo');
    expect(echo?.pin.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(echo?.previous).toBeUndefined();
    const file = await waitFor(() => {
      const f = readPins(t.dataDir);
      return f?.tool_pins.rug?.echo?.fingerprint === echo?.pin.fingerprint && f;
    }, 'the pin on disk');
    expect(file.tool_pins.rug.echo.definition.description).toBe(HONEST);
    expect((await proxy('echo', { message: 'hi' })).status).toBe(200);
    remember();
  });

  it('holds a tool whose description changed, on every path, until approved', async () => {
    const from = stream.frames.length;
    expect((await proxy('rug-pull')).status).toBe(200);
    // The server sends tools/list_changed; the client re-lists and pinning notices.
    await waitFor(async () => (await stateOf('echo')) === 'changed', 'echo to show as changed');
    const echo = await tool('echo');
    expect(echo?.previous?.description).toBe(HONEST);
    expect(echo?.difference).toEqual([
      { field: 'description', before: HONEST, after: expect.stringContaining('id_rsa') },
    ]);

    const viaProxy = await proxy('echo', { message: 'hi' });
    expect(viaProxy.status).toBe(409);
    expect(viaProxy.body.error.code).toBe('tool_changed');
    expect(viaProxy.body.error.details.difference[0].field).toBe('description');
    const viaRoute = await t.http.post(`${INVOKE}/shout/invoke`).send({ args: { message: 'x' } });
    expect(viaRoute.status).toBe(409);
    expect(viaRoute.body.error.code).toBe('tool_changed');
    const viaTask = await t.http.post('/api/v1/execution/tasks').send({ tool: 'shout', args: {} });
    expect(viaTask.status).toBe(409);
    const proxyTask = await t.http
      .post('/api/v1/execution/tasks')
      .send({ tool: 'mcp_tool', args: { server_id: 'rug', tool_name: 'echo', args: {} } });
    expect(proxyTask.status).toBe(202);
    const failed = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/execution/tasks/${proxyTask.body.task_id}`);
      return res.body.state === 'failed' ? res.body : null;
    }, 'the task to fail');
    expect(JSON.stringify(failed.error)).toContain('tool_changed');
    const listing = await t.http.get(INVOKE);
    const shout = (
      listing.body as { name: string; available: boolean; unavailable_reason: string }[]
    ).find((x) => x.name === 'shout');
    expect(shout).toMatchObject({ available: false });
    expect(shout?.unavailable_reason).toMatch(/changed/);

    const frame = await stream.next(
      (f) => f.event === 'tool_pin' && JSON.parse(f.data).tool_name === 'echo',
      'a tool_pin event for echo',
      from,
    );
    expect(JSON.parse(frame.data)).toMatchObject({ server_id: 'rug', pin: { state: 'changed' } });

    const approved = await t.http.post(`${BASE}/rug/tools/echo/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.pin.state).toBe('pinned');
    expect(approved.body.pin.fingerprint).toBe(echo?.pin.fingerprint);
    expect((await proxy('echo', { message: 'hi' })).status).toBe(200);
    expect(
      (await t.http.post(`${INVOKE}/shout/invoke`).send({ args: { message: 'x' } })).status,
    ).toBe(200);
  });

  it('shows a renamed tool (same definition, new name) as renamed and holds it', async () => {
    expect((await proxy('rename')).status).toBe(200);
    await waitFor(async () => (await stateOf('greet2')) === 'changed', 'greet2 to be held');
    const greet2 = await tool('greet2');
    expect(greet2?.pin.renamed_from).toBe('greet');
    expect(greet2?.difference).toEqual([{ field: 'name', before: 'greet', after: 'greet2' }]);
    expect((await proxy('greet2', { name: 'a' })).body.error.code).toBe('tool_changed');
    expect((await t.http.post(`${BASE}/rug/tools/greet2/approve`)).status).toBe(200);
    expect((await proxy('greet2', { name: 'a' })).status).toBe(200);
    expect(Object.keys(readPins(t.dataDir)?.tool_pins.rug ?? {})).not.toContain('greet');
  });

  it('answers 404 when approving a tool the server does not list', async () => {
    const res = await t.http.post(`${BASE}/rug/tools/nope/approve`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('tool_not_found');
  });

  it('keeps pins across a restart: a tool changed while Patchbay was down is held', async () => {
    remember();
    stream.close();
    await t.app.close();
    // The approved pin is the changed description; the server now starts with the old one.
    const again = await startApp({ dir: t.dir, servers: { rug: rugPullServer() } });
    try {
      const listed = (await again.http.get(`${BASE}/rug/tools`)).body as ToolEntry[];
      const echo = listed.find((x) => x.name === 'echo');
      expect(echo?.pin.state).toBe('changed');
      expect(echo?.previous?.description).toMatch(/id_rsa/);
      expect(echo?.description).toBe(HONEST);
      // greet2 was approved; a server that lists "greet" again shows it renamed back.
      expect(listed.find((x) => x.name === 'greet')?.pin).toMatchObject({
        state: 'changed',
        renamed_from: 'greet2',
      });
      const pid = again.app.get(McpClientService).connectionInfo('rug').pid;
      if (pid) pids.push(pid);
    } finally {
      await again.app.close();
    }
    t = await startApp({ dir: t.dir, servers: { rug: rugPullServer() } });
    stream = await openSse(`${t.url}/api/v1/integrations/events`);
  });
});

describe('PATCHBAY_NEW_TOOLS=hold (e2e)', () => {
  let t: TestApp;
  let pid: number | null = null;

  beforeAll(async () => {
    t = await startApp({ servers: { rug: rugPullServer() }, env: { PATCHBAY_NEW_TOOLS: 'hold' } });
  });

  afterAll(async () => {
    pid = t?.app.get(McpClientService).connectionInfo('rug').pid ?? null;
    await t?.close();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  const call = (tool_name: string) =>
    t.http
      .post(`${INVOKE}/mcp_tool/invoke`)
      .send({ args: { server_id: 'rug', tool_name, args: { message: 'x' } } });

  it('pins the first listing, then holds a tool that appears later as new', async () => {
    const first = (await t.http.get(`${BASE}/rug/tools`)).body as ToolEntry[];
    expect(first.every((x) => x.pin.state === 'pinned')).toBe(true);
    expect((await call('add-tool')).status).toBe(200);
    const extra = await waitFor(async () => {
      const listed = (await t.http.get(`${BASE}/rug/tools`)).body as ToolEntry[];
      return listed.find((x) => x.name === 'extra');
    }, 'the new tool to be listed');
    expect(extra.pin).toMatchObject({ state: 'new', pinned_at: null });
    const refused = await call('extra');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('tool_changed');
    expect(refused.body.error.message).toMatch(/new and held/);
    expect((await t.http.post(`${BASE}/rug/tools/extra/approve`)).body.pin.state).toBe('pinned');
    expect((await call('extra')).status).toBe(200);
  });

  it("notices a change made without list_changed at the health job's tool listing", async () => {
    const echoState = async () =>
      ((await t.http.get(`${BASE}/rug/tools`)).body as ToolEntry[]).find((x) => x.name === 'echo')
        ?.pin.state;
    expect((await call('silent-change')).status).toBe(200);
    expect(await echoState()).toBe('pinned'); // the cached listing cannot know yet
    const job = t.app.get(HealthCheckJob);
    // The job lists tools on every 10th check of a healthy server.
    for (let i = 0; i < 12 && (await echoState()) !== 'changed'; i++) await job.tick();
    expect(await echoState()).toBe('changed');
    expect((await call('echo')).body.error.code).toBe('tool_changed');
  });
});
