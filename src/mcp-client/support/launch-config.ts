import { McpServerConfig } from '../../integration-registry/mcp-server.types';

/** Fields whose change needs a new connection (a new process or a new HTTP session). */
const LAUNCH_FIELDS = [
  'enabled',
  'transport',
  'command',
  'args',
  'env',
  'cwd',
  'url',
  'headers',
  'credentials',
] as const satisfies ReadonlyArray<keyof McpServerConfig>;

export function launchChanged(before: McpServerConfig, after: McpServerConfig): boolean {
  return LAUNCH_FIELDS.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
