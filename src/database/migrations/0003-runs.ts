import { Kysely, Migration, sql } from 'kysely';

/**
 * The run history of every replica in one table. Newest first is (started_at, seq): seq
 * orders runs of the same millisecond in the order their replica appended them.
 */
export const runs: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_runs (
        seq bigserial PRIMARY KEY,
        run_id text NOT NULL UNIQUE,
        replica_id text NOT NULL,
        tool text NOT NULL,
        server_id text,
        caller text NOT NULL,
        outcome text NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        binding text,
        args text,
        error text,
        result text
      )`.execute(db);
    await sql`CREATE INDEX patchbay_runs_by_start ON patchbay_runs (started_at DESC, seq DESC)`.execute(
      db,
    );
    for (const column of ['tool', 'server_id', 'outcome', 'caller']) {
      await sql`CREATE INDEX ${sql.raw(`patchbay_runs_by_${column}`)}
        ON patchbay_runs (${sql.ref(column)}, started_at DESC, seq DESC)`.execute(db);
    }
  },
};
