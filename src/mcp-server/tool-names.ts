import { createHash } from 'node:crypto';

/** What the MCP spec allows in a tool (and prompt) name. */
const VALID = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX = 128;
const HASH_CHARS = 8;

/** `{server_id}__{tool_name}`, the name /mcp shows a server's tool under. */
export function serverToolName(serverId: string, toolName: string): string {
  return mcpSafeName(`${serverId}__${toolName}`);
}

/**
 * The name as is when the spec allows it; otherwise characters it does not allow become
 * `_` and a short hash of the original is appended (cut to fit 128), so the result is
 * stable across restarts and two different originals do not collide.
 */
export function mcpSafeName(name: string): string {
  if (VALID.test(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_CHARS);
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${cleaned.slice(0, MAX - HASH_CHARS - 1)}_${hash}`;
}
