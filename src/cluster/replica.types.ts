/** One replica as its heartbeat row describes it. */
export interface ReplicaRecord {
  replicaId: string;
  host: string;
  startedAt: Date;
  lastSeenAt: Date;
  leader: boolean;
  /** Server id -> that replica's health state for it (each replica has its own view). */
  servers: Record<string, string>;
}

/**
 * The heartbeat's `servers` column, checked the same way when written and when read: an
 * object of strings. Anything else read back (a hand edit) becomes an empty map.
 */
export function parseServerStates(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const states: Record<string, string> = {};
  for (const [id, state] of Object.entries(value)) {
    if (typeof state === 'string') states[id] = state;
  }
  return states;
}
