import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { patchbayConfig } from '../config/patchbay.config';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { EnvSecretStore } from './env-secret.store';
import { FileSecretStore } from './file-secret.store';
import { PgSecretStore } from './pg-secret.store';
import { SecretsService } from './secrets.service';
import { SECRET_STORE } from './secrets.tokens';

@Module({
  providers: [
    SecretsService,
    // Another backend (a vault, a cloud secret manager) replaces this one provider. Opened
    // here, while the app is built, so a wrong key stops start-up before anything else runs.
    // Database mode (DATABASE not null) keeps the sealed values in PostgreSQL instead.
    {
      provide: SECRET_STORE,
      // Optional: a module built without DatabaseModule (a unit spec) is in file mode.
      inject: [{ token: DATABASE, optional: true }, patchbayConfig.KEY],
      useFactory: async (
        db: Database | null | undefined,
        config: ConfigType<typeof patchbayConfig>,
      ) => {
        const store = db ? new PgSecretStore(db, config.secretsKey) : new FileSecretStore(config);
        await store.load();
        return store;
      },
    },
    // The environment Patchbay started with, captured once with the config.
    {
      provide: EnvSecretStore,
      inject: [patchbayConfig.KEY],
      useFactory: (config: ConfigType<typeof patchbayConfig>) =>
        new EnvSecretStore(config.secretEnv),
    },
  ],
  exports: [SecretsService],
})
export class SecretsModule {}
