/** Databases for the database-mode specs: one fresh PostgreSQL database per spec. */
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { Database } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { withApplicationName } from '../../src/database/replica-liveness';

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

export interface MigratedDatabase {
  /** The current test database (set once the `before` hook ran). */
  readonly db: TestDatabase;
  /**
   * A Database for replica `id` on it, closed by the `after` hook. `named`: its connections
   * carry the replica's application_name, as in the app (replica liveness reads it).
   */
  replica(id: string, options?: { max?: number; named?: boolean }): Database;
}

/**
 * A fresh migrated database for each test (`each`) or for the suite (`all`), and the replica
 * connections a spec opens on it; everything is closed and dropped afterwards.
 */
export function useMigratedDatabase(scope: 'each' | 'all' = 'each'): MigratedDatabase {
  let current: TestDatabase | undefined;
  const open: Database[] = [];
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    current = await createTestDatabase();
    await migrate(current.url, quiet);
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
    await current?.drop();
  });
  const db = (): TestDatabase => {
    if (!current) throw new Error('useMigratedDatabase: used before its before hook ran');
    return current;
  };
  return {
    get db() {
      return db();
    },
    replica(id, { max, named } = {}) {
      const url = named ? withApplicationName(db().url, id) : db().url;
      const database = new Database(new Pool({ connectionString: url, max }), url, id);
      open.push(database);
      return database;
    },
  };
}
