/** Databases for the database-mode specs: one fresh PostgreSQL database per spec. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const BASE_URL = process.env.PATCHBAY_TEST_DATABASE_URL;
const REQUIRED = process.env.CI === 'true';

/**
 * `describe` where a test PostgreSQL is configured (test/database-setup.ts), else
 * `describe.skip`, but never under CI: there a missing database fails the suite loudly.
 */
export const describeWithDatabase: jest.Describe = BASE_URL || REQUIRED ? describe : describe.skip;

/** The same key on every replica, as database mode requires (not a real secret). */
export const TEST_SECRETS_KEY = 'ab'.repeat(32);

export interface TestDatabase {
  url: string;
  /** A client on the test database, for assertions on stored rows. */
  query<R>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server; `drop()` removes it and its connections. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!BASE_URL) {
    throw new Error(
      'PATCHBAY_TEST_DATABASE_URL is not set and no PostgreSQL was started: run ' +
        '`scripts/test-postgres.sh install` (Debian) and `npm test` again.',
    );
  }
  const name = `patchbay_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(BASE_URL, name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    query: async <R>(text: string, values?: unknown[]) =>
      (await client.query(text, values)).rows as R[],
    drop: async () => {
      await client.end().catch(() => undefined);
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(statement: string): Promise<void> {
  const client = new Client({ connectionString: BASE_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Cannot reach the test PostgreSQL (PATCHBAY_TEST_DATABASE_URL): ${(err as Error).message}. ` +
        'Is it running? scripts/test-postgres.sh starts one.',
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A log sink for migrate() in specs: the migrations it applies are asserted, not printed. */
export const quiet = (): void => undefined;
