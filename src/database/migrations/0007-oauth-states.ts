import { Kysely, Migration, sql } from 'kysely';

/** OAuth authorizations waiting for their callback (a hash of each state, single-use). */
export const oauthStates: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_oauth_states (
        state_hash text PRIMARY KEY,
        server_id text NOT NULL,
        expires_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX patchbay_oauth_states_server ON patchbay_oauth_states (server_id)`.execute(
      db,
    );
  },
};
