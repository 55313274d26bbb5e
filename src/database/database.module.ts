import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Pool } from 'pg';
import { processRedactor } from '../common/redact';
import { patchbayConfig } from '../config/patchbay.config';
import { Database } from './database';
import { describeDatabase, maskDatabaseUrl } from './database-url';
import { DATABASE } from './database.tokens';
import { Documents } from './documents';
import { migrate } from './migrate';
import { poolOptions } from './pool-options';
import { PgActivityLiveness, REPLICA_LIVENESS, withApplicationName } from './replica-liveness';

/** Connects and migrates while the app is built, so a bad URL stops start-up with its reason. */
async function openDatabase(config: ConfigType<typeof patchbayConfig>): Promise<Database | null> {
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) return null;
  maskDatabaseUrl(databaseUrl, processRedactor);
  const failed = (err: Error) =>
    err.message.startsWith('Database migration')
      ? err
      : new Error(`Cannot use the database ${describeDatabase(databaseUrl)}: ${err.message}`);
  await migrate(databaseUrl).catch((err: Error) => {
    throw failed(err);
  });
  // Named connections: another replica tells this one is alive by them (replica-liveness.ts).
  const url = withApplicationName(databaseUrl, config.replicaId);
  const pool = new Pool(poolOptions(url, 10));
  const db = new Database(pool, url, config.replicaId);
  try {
    await db.listening();
  } catch (err) {
    // A failed start ends what it opened, so the process can exit with the reason.
    await db.close().catch(() => undefined);
    throw failed(err as Error);
  }
  return db;
}

/** Closes the pool last: stores flush their batched writes in onModuleDestroy, before this. */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db?.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: DATABASE, inject: [patchbayConfig.KEY], useFactory: openDatabase },
    { provide: Documents, inject: [DATABASE], useFactory: Documents.load },
    {
      provide: REPLICA_LIVENESS,
      inject: [DATABASE],
      useFactory: (db: Database | null) => (db ? new PgActivityLiveness(db) : null),
    },
    DatabaseCloser,
  ],
  exports: [DATABASE, Documents, REPLICA_LIVENESS],
})
export class DatabaseModule {}
