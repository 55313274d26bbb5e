import { McpServerConfig } from '../mcp-server.types';

/** A complete stdio McpServerConfig for unit specs; `overrides` set what a test cares about. */
export const serverConfig = (overrides: Partial<McpServerConfig> = {}): McpServerConfig => ({
  id: 'srv',
  name: 'Srv',
  description: '',
  integrationId: null,
  transport: 'stdio',
  args: [],
  env: {},
  headers: {},
  enabled: true,
  enabledByDefault: false,
  source: 'config',
  credentials: [],
  timeoutMs: 1_000,
  ...overrides,
});
