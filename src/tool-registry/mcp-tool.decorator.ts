import { DiscoveryService } from '@nestjs/core';
import { JsonSchema } from './tool.types';

export interface McpToolOptions {
  /** Unique across the registry; a duplicate fails the start. */
  name: string;
  /** Default: `''`. */
  description?: string;
  /** JSON Schema of the arguments. Default: `{"type": "object"}`. */
  inputSchema?: JsonSchema;
  /** Local time limit in ms. Default 60000; `0` for none. */
  timeoutMs?: number;
}

/**
 * Marks a provider method as a local tool. The method is called as
 * `(args: ToolArgs, ctx: ToolContext)` with arguments already checked against
 * `inputSchema`; it may return a ToolResult or any JSON value. Collected by ToolExplorer
 * when the app starts; singleton providers only (request-scoped ones are skipped with a
 * warning). Equivalent to `ToolRegistryService.register()`.
 */
export const McpTool = DiscoveryService.createDecorator<McpToolOptions>();
