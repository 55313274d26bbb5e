import { Database } from '../database/database';
import { LIVE_WINDOW_SECONDS, PRUNE_AFTER_SECONDS } from './cluster.constants';
import { ReplicaRecord, parseServerStates } from './replica.types';

interface ReplicaRow {
  replica_id: string;
  host: string;
  started_at: Date;
  last_seen_at: Date;
  leader: boolean;
  servers: unknown;
}

/**
 * patchbay_replicas: one heartbeat row per replica. Times are the database's (now()), so
 * replicas with skewed clocks still agree on who is live.
 */
export class ReplicaStore {
  constructor(private readonly db: Database) {}

  async beat(self: ReplicaRecord): Promise<void> {
    const servers = JSON.stringify(parseServerStates(self.servers));
    await this.db.query(
      `INSERT INTO patchbay_replicas (replica_id, host, started_at, last_seen_at, leader, servers)
       VALUES ($1, $2, $3, now(), $4, $5::jsonb)
       ON CONFLICT (replica_id) DO UPDATE SET host = EXCLUDED.host,
         started_at = EXCLUDED.started_at, last_seen_at = now(), leader = EXCLUDED.leader,
         servers = EXCLUDED.servers`,
      [self.replicaId, self.host, self.startedAt, self.leader, servers],
    );
  }

  /**
   * The leader's chores: only it holds the lock, so any other row still saying "leader"
   * is stale (a leader killed a moment ago); rows silent for a minute are deleted.
   */
  async leaderChores(leaderId: string): Promise<void> {
    await this.db.query(
      'UPDATE patchbay_replicas SET leader = false WHERE leader AND replica_id <> $1',
      [leaderId],
    );
    await this.db.query(
      'DELETE FROM patchbay_replicas WHERE last_seen_at < now() - make_interval(secs => $1)',
      [PRUNE_AFTER_SECONDS],
    );
  }

  async remove(replicaId: string): Promise<void> {
    await this.db.query('DELETE FROM patchbay_replicas WHERE replica_id = $1', [replicaId]);
  }

  /** Replicas whose last heartbeat is recent enough, oldest first. */
  async live(): Promise<ReplicaRecord[]> {
    const rows = await this.db.query<ReplicaRow>(
      `SELECT replica_id, host, started_at, last_seen_at, leader, servers FROM patchbay_replicas
       WHERE last_seen_at > now() - make_interval(secs => $1)
       ORDER BY started_at, replica_id`,
      [LIVE_WINDOW_SECONDS],
    );
    return rows.map((r) => ({
      replicaId: r.replica_id,
      host: r.host,
      startedAt: r.started_at,
      lastSeenAt: r.last_seen_at,
      leader: r.leader,
      servers: parseServerStates(r.servers),
    }));
  }
}
