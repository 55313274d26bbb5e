/** The fields a JSON log line carries beside its message, read from what was logged. */
export interface LogFields {
  message: unknown;
  server_id?: string;
  tool?: string;
  run_id?: string;
  [key: string]: unknown;
}

// McpClientService prefixes its lines with the server id.
const SERVER_PREFIX = /^server_id=(\S+) ([\s\S]*)$/;

/**
 * Structured messages (the `tool_run` line is a JSON object) become fields; a
 * `server_id=<id>` prefix becomes the server_id field. Anything else is the message.
 */
export function logFields(message: unknown): LogFields {
  if (typeof message !== 'string') return { message };
  if (message.startsWith('{"event":')) {
    try {
      const { event, binding, ...rest } = JSON.parse(message) as Record<string, unknown>;
      const server = (binding as { server_id?: string } | null)?.server_id;
      return { message: event, ...(server ? { server_id: server } : {}), binding, ...rest };
    } catch {
      return { message };
    }
  }
  const prefixed = SERVER_PREFIX.exec(message);
  return prefixed ? { message: prefixed[2], server_id: prefixed[1] } : { message };
}
