import fc from 'fast-check';
import type { FuzzRoute } from './fuzz-routes';
import { segment } from './fuzz-values';

/**
 * The state-changing routes of server admin, toolsets, playbooks, API keys, OAuth and task
 * input, for the fuzz. Playbooks only ever get harmless steps (a read-only local tool, or the
 * tiny fixture's echo) and triggers that cannot fire by themselves during the run.
 */
const SERVERS = '/api/v1/integrations/mcp-servers';
/**
 * Ids a client may create: new ones, a fixture and a built-in (never "nope", which the other
 * routes use as the unknown server); DELETE also meets the unknown one.
 */
const NEW_SERVER_IDS = ['made', 'made', 'made2', 'tiny', 'github'];
/** Names of Object.prototype members among the ids: a store indexing plain objects trips on them. */
const PROTO_IDS = ['constructor', 'toString'];
const TOOLSET_IDS = ['ts1', 'ts1', 'ts2', ...PROTO_IDS];
const PLAYBOOK_IDS = ['pb1', 'pb1', 'pb2', ...PROTO_IDS];
const MCP_NAMES = ['list_mcp_servers', 'tiny__echo', 'tiny__noop', 'nope__x', 'deploy'];
const REMOTE_URL = 'http://127.0.0.1:9/mcp';

const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' });
const toolsetPath = (tail = '') =>
  segment(TOOLSET_IDS).map((id) => `/api/v1/toolsets/${id}${tail}`);
const playbookPath = (tail = '') =>
  segment(PLAYBOOK_IDS).map((id) => `/api/v1/playbooks/${id}${tail}`);

const importEntry = fc.oneof(
  fc.record({ url: fc.constantFrom(REMOTE_URL, 'not a url') }),
  fc.record({
    url: fc.constant(REMOTE_URL),
    headers: fc.record({ Authorization: text(40).map((t) => `Bearer ${t}`) }),
  }),
  fc.record({ type: fc.constantFrom('sse', 'http', 'stdio'), url: fc.constant(REMOTE_URL) }),
  fc.record({ command: fc.constant('node'), env: fc.record({ API_KEY: text(30) }) }),
);

const step = fc.oneof(
  fc.record({ tool: fc.constant('list_mcp_servers'), args: fc.constant({}) }),
  fc.record({
    tool: fc.constant('mcp_tool'),
    args: fc.record({
      server_id: fc.constantFrom('tiny', 'locked', 'nope'),
      tool_name: fc.constantFrom('echo', 'noop'),
      args: fc.record({ text: fc.constantFrom('hi', '${event.type}', '${event.type}', '${nope(') }),
    }),
  }),
  fc.record({ tool: fc.constant('tiny__echo'), args: fc.record({ text: text(20) }) }),
);
/** Triggers that never fire on their own in a one-minute run (a yearly schedule, a hook). */
const trigger = fc.constantFrom(
  { type: 'webhook' },
  { type: 'webhook' },
  { type: 'schedule', cron: '0 0 1 1 *' },
  { type: 'schedule', cron: '0 0 1 1 *' },
  { type: 'schedule', cron: 'every day' },
  { type: 'event', event: 'nope' },
);

export const FEATURE_ROUTES: FuzzRoute[] = [
  {
    name: 'POST server',
    weight: 2,
    method: 'post',
    path: fc.constant(SERVERS),
    fields: {
      id: fc.constantFrom(...NEW_SERVER_IDS, 'made3', 'made3', '../x', ...PROTO_IDS),
      transport: fc.constantFrom('streamable_http', 'streamable_http', 'sse', 'stdio'),
      url: fc.constantFrom(REMOTE_URL, 'ftp://x'),
      name: text(40),
      enabled: fc.boolean(),
      timeout_ms: fc.integer({ min: 1, max: 120_000 }),
    },
  },
  {
    name: 'POST import',
    method: 'post',
    path: fc
      .constantFrom('', '?dry_run=true', '?dry_run=false', '?dry_run=yes')
      .map((q) => `${SERVERS}/import${q}`),
    fields: {
      mcpServers: fc.dictionary(
        fc.constantFrom(...NEW_SERVER_IDS, ...PROTO_IDS, '__proto__'),
        importEntry,
      ),
    },
  },
  {
    name: 'DELETE server',
    weight: 2,
    method: 'delete',
    path: segment(['made', 'made2', 'made3', 'github', 'nope', ...PROTO_IDS]).map(
      (id) => `${SERVERS}/${id}`,
    ),
  },
  {
    name: 'POST approve',
    method: 'post',
    path: fc
      .tuple(
        segment(['tiny', 'everything', 'everything', 'locked', 'nope']),
        segment(['echo', 'echo', 'noop', 'missing']),
      )
      .map(([id, tool]) => `${SERVERS}/${id}/tools/${tool}/approve`),
  },
  {
    name: 'DELETE oauth',
    method: 'delete',
    path: segment(['tiny', 'locked', 'made', 'nope']).map((id) => `${SERVERS}/${id}/oauth`),
  },
  {
    name: 'PUT toolset',
    method: 'put',
    path: toolsetPath(),
    fields: {
      name: text(40),
      description: fc.string({ maxLength: 60 }),
      tools: fc.uniqueArray(fc.constantFrom(...MCP_NAMES), { maxLength: 4 }),
    },
  },
  { name: 'DELETE toolset', method: 'delete', path: toolsetPath() },
  {
    name: 'PUT playbook',
    weight: 2,
    method: 'put',
    path: playbookPath(),
    fields: {
      name: text(40),
      enabled: fc.boolean(),
      trigger,
      steps: fc.array(step, { minLength: 1, maxLength: 3 }),
      on_error: fc.constantFrom('stop', 'continue'),
    },
  },
  { name: 'DELETE playbook', method: 'delete', path: playbookPath() },
  {
    name: 'PUT webhook secret',
    method: 'put',
    path: playbookPath('/webhook-secret'),
    fields: { value: fc.string({ minLength: 16, maxLength: 64 }) },
  },
  {
    name: 'POST playbook run',
    weight: 2,
    method: 'post',
    path: playbookPath('/run'),
    fields: {
      dry_run: fc.constantFrom(true, true, false),
      event: fc.record({ type: fc.constantFrom('manual', 'x') }, { requiredKeys: [] }),
    },
  },
  {
    name: 'POST api key',
    method: 'post',
    path: fc.constant('/api/v1/api-keys'),
    fields: {
      name: text(40),
      scopes: fc.constantFrom(['read'], ['invoke'], ['mcp'], ['admin'], ['read', 'mcp'], ['root']),
      // Toolsets bind only an "mcp" key, and only to toolsets that exist.
      toolsets: fc.constantFrom([], [], [], ['ts1'], ['ts1', 'ts2'], ['nope'], ['constructor']),
      // Far from now, so no key expires during the run.
      expires_at: fc.constantFrom(
        '2099-01-01T00:00:00Z',
        '2099-01-01T00:00:00Z',
        '2020-01-01T00:00:00Z',
        'tomorrow',
      ),
    },
  },
  {
    name: 'DELETE api key',
    method: 'delete',
    path: segment(['{key}']).map((id) => `/api/v1/api-keys/${id}`),
  },
  {
    name: 'POST task input',
    method: 'post',
    path: segment(['{asking}']).map((id) => `/api/v1/execution/tasks/${id}/input`),
    fields: {
      action: fc.constantFrom('accept', 'decline', 'cancel', 'maybe'),
      content: fc.record({ name: text(20) }, { requiredKeys: [] }),
    },
  },
];
