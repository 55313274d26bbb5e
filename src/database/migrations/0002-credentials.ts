import { Kysely, Migration, sql } from 'kysely';

/**
 * Credentials, OAuth tokens and Patchbay's own secrets, one sealed value a row (AES-256-GCM
 * with PATCHBAY_SECRETS_KEY; never plaintext), and one sealed known value that tells a
 * replica started with another key to stop.
 */
export const credentials: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE patchbay_credentials (
        server_id text NOT NULL,
        name text NOT NULL,
        sealed text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        PRIMARY KEY (server_id, name)
      )`.execute(db);
    await sql`
      CREATE TABLE patchbay_credentials_key (
        id smallint PRIMARY KEY CHECK (id = 1),
        sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`.execute(db);
  },
};
