import { Kysely, Migration, sql } from 'kysely';

/** The documents the API edits (routes, toolsets, playbooks, pins, keys, server edits). */
export const documents: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_documents (
        name text PRIMARY KEY,
        body jsonb NOT NULL,
        version bigint NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`.execute(db);
  },
};
