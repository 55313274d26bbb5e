import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { ExposedTool } from './mcp-tool-index';

/** What one downstream session remembers; never shared with another session. */
export interface SessionState {
  /** Fingerprint of the last tool list this session was sent; null before its first list. */
  lastListed: string | null;
  /** Resource URIs this session subscribed to (passthrough endpoints). */
  subscriptions: Set<string>;
  /** The level this session asked for with logging/setLevel, or null (everything). */
  logLevel: LoggingLevel | null;
  /** /mcp: which server listed a resource URI, so a read goes there. */
  resourceOwners: Map<string, string>;
  /** /mcp: a prompt's shown name → its server and own name. */
  promptOwners: Map<string, { serverId: string; name: string }>;
}

export const newSessionState = (): SessionState => ({
  lastListed: null,
  subscriptions: new Set(),
  logLevel: null,
  resourceOwners: new Map(),
  promptOwners: new Map(),
});

export const fingerprint = (tools: ExposedTool[]): string =>
  JSON.stringify(tools.map((t) => t.tool));

const LEVELS: LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** Whether a message at `level` reaches a session that asked for `wanted`. */
export const levelPasses = (level: LoggingLevel, wanted: LoggingLevel | null): boolean =>
  wanted === null || LEVELS.indexOf(level) >= LEVELS.indexOf(wanted);

/** The most verbose of the levels (what the shared upstream connection must ask for). */
export const mostVerbose = (levels: LoggingLevel[]): LoggingLevel | null =>
  levels.length === 0 ? null : LEVELS[Math.min(...levels.map((l) => LEVELS.indexOf(l)))];
