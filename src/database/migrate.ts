import { Logger } from '@nestjs/common';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { MIGRATIONS } from './migrations';
import { MIGRATION_QUERY_TIMEOUT_MS, poolOptions } from './pool-options';

/**
 * Brings the schema up to date with Kysely's migrator. It holds a PostgreSQL advisory lock
 * while it runs, so replicas starting together migrate once and the others wait for it.
 * Its own one-connection pool: Kysely ends the pool it is given when it is destroyed.
 */
export async function migrate(
  url: string,
  log: (line: string) => void = (line) => new Logger('Migrations').log(line),
): Promise<string[]> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new Pool(poolOptions(url, 1, MIGRATION_QUERY_TIMEOUT_MS)),
    }),
  });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      migrationTableName: 'patchbay_migrations',
      migrationLockTableName: 'patchbay_migrations_lock',
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    for (const name of applied) log(`applied ${name}`);
    if (error) {
      const failed = results.find((r) => r.status === 'Error')?.migrationName;
      // No migration failed: the connection or the lock did; the caller names the database.
      if (!failed) throw error instanceof Error ? error : new Error(describe(error));
      throw new Error(`Database migration ${failed} failed: ${describe(error)}`);
    }
    return applied;
  } finally {
    await db.destroy();
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
