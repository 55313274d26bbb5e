import { Kysely, Migration, sql } from 'kysely';

/** Replica heartbeats: who is alive, who leads, and each one's view of its servers. */
export const replicas: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_replicas (
        replica_id text PRIMARY KEY,
        host text NOT NULL,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        leader boolean NOT NULL DEFAULT false,
        servers jsonb NOT NULL DEFAULT '{}'::jsonb
      )`.execute(db);
  },
};
