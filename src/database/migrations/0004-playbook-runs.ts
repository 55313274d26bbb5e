import { Kysely, Migration, sql } from 'kysely';

/**
 * Playbook runs (the run as the API shows it, in `body`) and the webhook delivery ids that
 * make one delivery run once, whichever replica receives it (`started` once the first
 * receiver knows which run, if any, it started).
 */
export const playbookRuns: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_playbook_runs (
        seq bigserial PRIMARY KEY,
        run_id text NOT NULL UNIQUE,
        playbook_id text NOT NULL,
        replica_id text NOT NULL,
        outcome text NOT NULL,
        started_at timestamptz NOT NULL,
        body text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX patchbay_playbook_runs_by_playbook
      ON patchbay_playbook_runs (playbook_id, started_at DESC, seq DESC)`.execute(db);
    await sql`CREATE INDEX patchbay_playbook_runs_running
      ON patchbay_playbook_runs (replica_id) WHERE outcome = 'running'`.execute(db);
    await sql`
      CREATE TABLE patchbay_webhook_deliveries (
        playbook_id text NOT NULL,
        delivery_id text NOT NULL,
        received_at timestamptz NOT NULL,
        started boolean NOT NULL DEFAULT false,
        run_id text,
        PRIMARY KEY (playbook_id, delivery_id)
      )`.execute(db);
    await sql`CREATE INDEX patchbay_webhook_deliveries_by_time
      ON patchbay_webhook_deliveries (received_at)`.execute(db);
  },
};
