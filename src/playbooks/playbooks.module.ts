import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { patchbayConfig } from '../config/patchbay.config';
import { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { LeaderModule } from '../cluster/leader.module';
import { SecretsModule } from '../secrets/secrets.module';
import { ToolRegistryModule } from '../tool-registry/tool-registry.module';
import { HooksController } from './hooks.controller';
import { PlaybookRunner } from './playbook-runner';
import { PlaybookTriggers } from './playbook-triggers';
import { PlaybooksController } from './playbooks.controller';
import { PlaybooksService } from './playbooks.service';
import { PlaybooksStore } from './playbooks.store';
import { PLAYBOOK_RUN_STORE } from './runs/playbook-run-store';
import { OrphanRunSweeper } from './runs/orphan-run-sweeper';
import { PgPlaybookRunStore } from './runs/pg-playbook-run-store';
import { SqlitePlaybookRunStore } from './runs/sqlite-playbook-run-store';
import { WebhookGuard } from './webhook-guard';

/** Playbooks: on a webhook, a schedule or a Patchbay event, call tools through the registry. */
@Module({
  imports: [ToolRegistryModule, SecretsModule, LeaderModule],
  controllers: [PlaybooksController, HooksController],
  providers: [
    PlaybooksStore,
    {
      provide: PLAYBOOK_RUN_STORE,
      inject: [DATABASE, patchbayConfig.KEY],
      useFactory: (db: Database | null, config: ConfigType<typeof patchbayConfig>) =>
        db ? new PgPlaybookRunStore(db) : new SqlitePlaybookRunStore(config),
    },
    PlaybookRunner,
    PlaybookTriggers,
    OrphanRunSweeper,
    WebhookGuard,
    PlaybooksService,
  ],
  exports: [PlaybooksService],
})
export class PlaybooksModule {}
