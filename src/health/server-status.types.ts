export type ServerState =
  | 'unknown'
  | 'disabled'
  | 'needs_credentials'
  | 'connecting'
  | 'healthy'
  | 'degraded'
  | 'unhealthy';

export const SERVER_STATES: readonly ServerState[] = [
  'unknown',
  'disabled',
  'needs_credentials',
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
