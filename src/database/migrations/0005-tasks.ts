import { Kysely, Migration, sql } from 'kysely';

/**
 * Tasks as their owner (the replica running them) last wrote them, so any replica can show
 * one; `cancel_requested_at` and `input_answer` carry another replica's requests to the owner.
 * `json`, not `jsonb`: a view reads back with its keys in the owner's order (nothing queries
 * inside them).
 */
export const tasks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_tasks (
        task_id text PRIMARY KEY,
        owner_replica text NOT NULL,
        tool text NOT NULL,
        state text NOT NULL CHECK (state IN
          ('queued', 'running', 'input_required', 'succeeded', 'failed', 'cancelled')),
        progress json,
        result json,
        error json,
        input_request json,
        cancel_requested_at timestamptz,
        input_answer json,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`
      CREATE INDEX patchbay_tasks_finished_at ON patchbay_tasks (finished_at)
        WHERE finished_at IS NOT NULL`.execute(db);
    await sql`
      CREATE INDEX patchbay_tasks_unfinished_owner ON patchbay_tasks (owner_replica)
        WHERE finished_at IS NULL`.execute(db);
  },
};
