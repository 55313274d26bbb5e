import fc from 'fast-check';
import { FEATURE_ROUTES } from './fuzz-feature-routes';
import { segment } from './fuzz-values';

/**
 * Every route that changes state, for the property-based fuzz (test/e2e/fuzz.e2e-spec.ts).
 * A new state-changing route adds a row: its method, a path arbitrary built from `segment`
 * (known ids first, so many requests reach the handler) and its body fields, each with an
 * arbitrary of valid values (the fuzz mixes in random JSON of every type).
 * `{task}` and `{key}` in a path are replaced by the id of the task or API key the run last
 * created, `{asking}` by the id of a task that waits for input (the run starts one).
 */
export interface FuzzRoute {
  name: string;
  method: 'patch' | 'put' | 'delete' | 'post';
  path: fc.Arbitrary<string>;
  /** Absent for routes without a body: they still get random bodies, as clients send them. */
  fields?: Record<string, fc.Arbitrary<unknown>>;
  /** How often it is picked relative to the others (1 when absent). */
  weight?: number;
}

/** The servers the fuzz app is started with (see fuzz.e2e-spec.ts): cheap stdio fixtures. */
export const SERVER_IDS = ['tiny', 'locked', 'github', 'ollama', 'azure'];
/**
 * Servers a route may name: only the local fixtures (and an unknown id), never a built-in,
 * which would reach the network wherever its credential is set in the environment.
 */
const ROUTE_SERVER_IDS = ['tiny', 'tiny', 'tiny', 'locked', 'nope'];
const CREDENTIAL_SERVERS = ['tiny', 'locked'];
const CREDENTIALS = ['API_KEY', 'OTHER'];
const TOOLS = ['deploy', 'list_mcp_servers', 'mcp_tool', 'lookup', 'echo'];
const SERVER_TOOLS = ['echo', 'noop', 'missing'];

const name = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const serversPath = (tail = '') =>
  segment(SERVER_IDS).map((id) => `/api/v1/integrations/mcp-servers/${id}${tail}`);
const credentialPath = fc
  .tuple(segment(CREDENTIAL_SERVERS), segment(CREDENTIALS))
  .map(([id, cred]) => `/api/v1/integrations/mcp-servers/${id}/credentials/${cred}`);
const routePath = segment(TOOLS).map((tool) => `/api/v1/execution/routes/${tool}`);

/** Arguments a task's tool may accept: the proxy's to the tiny server, deploy's, or nothing. */
const taskArgs = fc.oneof(
  fc.constant({}),
  // A task that asks for input, so POST .../input meets one that waits.
  fc.constant({
    server_id: 'everything',
    tool_name: 'trigger-elicitation-request',
    args: {},
  }),
  fc.record({ service: name, version: name }),
  fc.record({
    server_id: fc.constantFrom('tiny', 'locked', 'nope'),
    tool_name: fc.constantFrom(...SERVER_TOOLS),
    args: fc.record({ text: name }, { requiredKeys: [] }),
  }),
);

export const FUZZ_ROUTES: FuzzRoute[] = [
  {
    name: 'PATCH server',
    method: 'patch',
    // Picked more often: it turns the fixture servers back on, which the other routes need.
    weight: 3,
    path: serversPath(),
    fields: {
      // More often on than off, so the servers are usable for routes and tasks.
      enabled: fc.constantFrom(true, true, false),
      name,
      description: fc.string({ maxLength: 100, unit: 'grapheme' }),
      // Not below 2 s: shorter ones make the fixture servers time out on a loaded machine.
      timeout_ms: fc.integer({ min: 2000, max: 3_600_000 }),
    },
  },
  {
    name: 'PUT credential',
    method: 'put',
    path: credentialPath,
    fields: { value: fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }) },
  },
  { name: 'DELETE credential', method: 'delete', path: credentialPath },
  {
    name: 'PUT route',
    method: 'put',
    weight: 3,
    path: routePath,
    fields: {
      server_id: fc.constantFrom(...ROUTE_SERVER_IDS),
      tool_name: fc.constantFrom(...SERVER_TOOLS),
    },
  },
  { name: 'DELETE route', method: 'delete', path: routePath, weight: 2 },
  {
    name: 'POST task',
    method: 'post',
    path: fc.constant('/api/v1/execution/tasks'),
    fields: {
      tool: fc.constantFrom(...TOOLS),
      args: taskArgs,
      timeout_ms: fc.integer({ min: 1, max: 10_000 }),
    },
  },
  {
    name: 'DELETE task',
    method: 'delete',
    path: segment(['{task}']).map((id) => `/api/v1/execution/tasks/${id}`),
  },
  ...FEATURE_ROUTES,
];
