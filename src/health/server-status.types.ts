export type ServerState =
  | 'unknown'
  | 'disabled'
  | 'needs_credentials'
  | 'needs_authorization'
  | 'connecting'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

export const SERVER_STATES: readonly ServerState[] = [
  'unknown',
  'disabled',
  'needs_credentials',
  'needs_authorization',
  'connecting',
  'healthy',
  'degraded',
  'unhealthy',
];

/** A server's health as the API shows it; every field always present. */
export interface ServerStatus {
  state: ServerState;
  checkedAt: Date | null;
  latencyMs: number | null;
  toolCount: number | null;
  error: string | null;
  consecutiveFailures: number;
  nextCheckAt: Date | null;
}

/** One entry of a server's short check history (newest first in the API). */
export interface HealthCheckEntry {
  checkedAt: Date;
  /** What ran the check: the scheduled job, an explicit request, or a real call's outcome. */
  source: 'scheduled' | 'manual';
  state: ServerState;
  latencyMs: number | null;
  toolCount: number | null;
  error: string | null;
}

/** What one probe of a server found. */
export interface CheckOutcome {
  ok: boolean;
  latencyMs: number | null;
  /** Set when this check listed the tools. */
  toolCount?: number;
  /** Why it failed (ok=false), or a warning on an answering server (tool listing failed). */
  error: string | null;
  source: HealthCheckEntry['source'];
}

/** The servers counted by state, as GET /api/v1/health shows them. */
export interface ServerCounts {
  total: number;
  by_state: Partial<Record<ServerState, number>>;
}
