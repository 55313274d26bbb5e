import { McpServerConfig } from '../mcp-server.types';
import { configServer } from '../server-catalog';

/** A complete stdio McpServerConfig for unit specs; `overrides` set what a test cares about. */
export const serverConfig = (overrides: Partial<McpServerConfig> = {}): McpServerConfig => ({
  ...configServer('srv'),
  name: 'Srv',
  enabledByDefault: false,
  timeoutMs: 1_000,
  ...overrides,
});
