import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { TestApp, everythingStdio, startApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';
import { McpTestClient, connectMcp } from './mcp-server.support';

type Text = { type: string; text: string };
const DOC = 'demo://resource/dynamic/text/1';
type TaskBody = {
  state: string;
  input_request: { message: string; requested_schema: { required?: string[] } };
  result: { content: unknown };
};

/** Resources, prompts, completion, subscriptions and logging through Patchbay to server-everything. */
describe('MCP passthrough of resources, prompts and logging (e2e, server-everything)', () => {
  let t: TestApp;
  const clients: McpTestClient[] = [];
  const open = async (path: string, caps = {}) => {
    const c = await connectMcp(`${t.url}${path}`, undefined, caps);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startApp({ servers: { everything: everythingStdio() } });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t?.close();
  });

  it('/mcp/servers/{id} declares and passes through what the server offers', async () => {
    const a = await open('/mcp/servers/everything');
    expect(a.client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true },
      prompts: {},
      completions: {},
      logging: {},
    });
    const resources = await a.client.listResources();
    expect(resources.resources.length).toBeGreaterThan(0);
    const templates = await a.client.listResourceTemplates();
    expect(templates.resourceTemplates.map((r) => r.uriTemplate)).toContain(
      'demo://resource/dynamic/text/{resourceId}',
    );
    const read = await a.client.readResource({ uri: DOC });
    expect(read.contents[0].uri).toBe(DOC);
    const prompts = await a.client.listPrompts();
    expect(prompts.prompts.map((p) => p.name)).toContain('simple-prompt');
    const prompt = await a.client.getPrompt({ name: 'args-prompt', arguments: { city: 'Oslo' } });
    expect(JSON.stringify(prompt.messages)).toContain('Oslo');
    const done = await a.client.complete({
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'department', value: 'En' },
    });
    expect(done.completion.values).toContain('Engineering');
    // The server's own error comes back as it was.
    await expect(a.client.getPrompt({ name: 'no-such-prompt' })).rejects.toThrow(/no-such-prompt/);
  });

  it('keeps subscriptions and log levels per downstream session', async () => {
    const a = await open('/mcp/servers/everything');
    const b = await open('/mcp/servers/everything');
    const updates = { a: [] as string[], b: [] as string[] };
    const logs = { a: [] as string[], b: [] as string[] };
    a.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.a.push(n.params.uri);
    });
    b.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.b.push(n.params.uri);
    });
    a.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.a.push(n.params.level);
    });
    b.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.b.push(n.params.level);
    });
    // b first: the server may log the level change itself, which b must not get.
    await b.client.setLoggingLevel('emergency');
    await a.client.setLoggingLevel('debug');
    await a.client.subscribeResource({ uri: DOC });
    await a.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await a.client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    await waitFor(() => updates.a.length > 0, 'a resource update for the subscriber', 20_000);
    await waitFor(() => logs.a.length >= 3, 'log messages at debug', 20_000);
    expect(updates.a.every((u) => u === DOC)).toBe(true);
    expect(updates.b).toEqual([]);
    expect(logs.b.filter((level) => level !== 'emergency')).toEqual([]);
    await a.client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    await a.client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    await a.client.unsubscribeResource({ uri: DOC });
  });

  it('/mcp gathers resources (reads go to their server) and prompts as server__prompt', async () => {
    const all = await open('/mcp');
    await all.waitForTools(['everything__echo']);
    const resources = await all.client.listResources();
    const uri = resources.resources[0].uri;
    const read = await all.client.readResource({ uri });
    expect(read.contents[0].uri).toBe(uri);
    const prompts = (await all.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toContain('everything__simple-prompt');
    const got = await all.client.getPrompt({ name: 'everything__simple-prompt' });
    expect((got.messages[0].content as Text).text.length).toBeGreaterThan(0);
    await expect(all.client.readResource({ uri: 'nowhere://x' })).rejects.toThrow(/No server/);
  });

  it('sends elicitation and sampling to the client whose call caused them', async () => {
    const asker = await open('/mcp/servers/everything', { elicitation: {}, sampling: {} });
    const asked: string[] = [];
    asker.client.setRequestHandler(ElicitRequestSchema, (req) => {
      asked.push(req.params.message);
      return { action: 'accept', content: { name: 'Ada' } };
    });
    asker.client.setRequestHandler(CreateMessageRequestSchema, () => ({
      model: 'e2e-model',
      role: 'assistant',
      content: { type: 'text', text: 'sampled by the e2e client' },
    }));
    await asker.waitForTools(['trigger-elicitation-request', 'trigger-sampling-request']);
    const elicited = await asker.client.callTool({
      name: 'trigger-elicitation-request',
      arguments: {},
    });
    const text = (elicited.content as Text[]).map((c) => c.text).join('\n');
    expect(asked).toHaveLength(1);
    expect(text).toContain('Name: Ada');
    // Patchbay's client filled in the schema's defaults the answer left out.
    expect(text).toContain('Favorite Integer: 42');
    const sampled = await asker.client.callTool({
      name: 'trigger-sampling-request',
      arguments: { prompt: 'hi', maxTokens: 10 },
    });
    expect(JSON.stringify(sampled.content)).toContain('sampled by the e2e client');

    // A client that declared neither: elicitation is declined, sampling refused.
    const plain = await open('/mcp/servers/everything');
    const declined = await plain.client.callTool({
      name: 'trigger-elicitation-request',
      arguments: {},
    });
    expect(JSON.stringify(declined.content)).toContain('declined');
    const refused = await plain.client.callTool({
      name: 'trigger-sampling-request',
      arguments: { prompt: 'hi', maxTokens: 10 },
    });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('supports sampling');
    expect(asked).toHaveLength(1);
  });

  it('a REST task shows input_required with the question, and runs on when answered', async () => {
    const TASKS = '/api/v1/execution/tasks';
    const elicit = { server_id: 'everything', tool_name: 'trigger-elicitation-request', args: {} };
    const created = await t.http.post(TASKS).send({ tool: 'mcp_tool', args: elicit }).expect(202);
    const id = created.body.task_id as string;
    const waiting = await waitFor(async () => {
      const body = (await t.http.get(`${TASKS}/${id}`).expect(200)).body as TaskBody;
      return body.state === 'input_required' ? body : null;
    }, 'the task to ask for input');
    expect(waiting.input_request.message).toContain('Please provide inputs');
    expect(waiting.input_request.requested_schema.required).toEqual(['name']);
    await t.http.post(`${TASKS}/${id}/input`).send({ action: 'maybe' }).expect(400);
    await t.http
      .post(`${TASKS}/${id}/input`)
      .send({ action: 'accept', content: { name: 7 } })
      .expect(422);
    await t.http
      .post(`${TASKS}/${id}/input`)
      .send({ action: 'accept', content: { name: 'Ada' } })
      .expect(200);
    const done = await waitFor(async () => {
      const body = (await t.http.get(`${TASKS}/${id}`).expect(200)).body as TaskBody;
      return body.state === 'succeeded' ? body : null;
    }, 'the task to finish');
    const text = JSON.stringify(done.result.content);
    expect(text).toContain('Name: Ada');
    expect(text).toContain('Favorite Integer: 42');
    await t.http.post(`${TASKS}/${id}/input`).send({ action: 'decline' }).expect(409);

    // A plain invoke has no one to ask: the server hears a decline.
    const invoked = await t.http
      .post('/api/v1/execution/tools/mcp_tool/invoke')
      .send({ args: elicit })
      .expect(200);
    expect(JSON.stringify(invoked.body.content)).toContain('declined');
  });
});
