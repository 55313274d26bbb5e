import { createHash } from 'node:crypto';
import type { Database } from './database';

/**
 * Whether a replica is still running (null in file mode). Tasks ask it about a task's owner,
 * and the leader about replicas with playbook runs left `running`, so nothing a dead replica
 * started shows `running` forever. Connections rather than heartbeats: a killed process's
 * connections end with it, so the answer is right at once instead of after a heartbeat ages.
 */
export interface ReplicaLiveness {
  isAlive(replicaId: string): Promise<boolean>;
}

export const REPLICA_LIVENESS = Symbol('REPLICA_LIVENESS');

/** PostgreSQL keeps application_name to 63 bytes and turns non-ASCII into '?'. */
const MAX_NAME = 63;

/**
 * The application_name every connection of replica `replicaId` carries: "patchbay <id>",
 * printable ASCII only, and a hash of the id when that does not fit.
 */
export function applicationName(replicaId: string): string {
  const name = `patchbay ${replicaId}`.replace(/[^\x20-\x7e]/g, '?');
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(replicaId).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}~${hash}`;
}

/** `url` with this replica's application_name, for the pool and the LISTEN connection. */
export function withApplicationName(url: string, replicaId: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', applicationName(replicaId));
  return parsed.toString();
}

/**
 * A replica is alive while it holds a connection to the database: its LISTEN connection
 * stays open for its whole life, and a killed process's connections end with it.
 */
export class PgActivityLiveness implements ReplicaLiveness {
  constructor(private readonly db: Database) {}

  async isAlive(replicaId: string): Promise<boolean> {
    const rows = await this.db.query<{ alive: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1) AS alive`,
      [applicationName(replicaId)],
    );
    return rows[0]?.alive === true;
  }
}
