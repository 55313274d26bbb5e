import { Module } from '@nestjs/common';
import { LeaderModule } from '../cluster/leader.module';
import { SecretsModule } from '../secrets/secrets.module';
import { ToolRegistryModule } from '../tool-registry/tool-registry.module';
import { HooksController } from './hooks.controller';
import { PlaybookRunner } from './playbook-runner';
import { PlaybookRunsStore } from './playbook-runs.store';
import { PlaybookTriggers } from './playbook-triggers';
import { PlaybooksController } from './playbooks.controller';
import { PlaybooksService } from './playbooks.service';
import { PlaybooksStore } from './playbooks.store';
import { WebhookGuard } from './webhook-guard';

/** Playbooks: on a webhook, a schedule or a Patchbay event, call tools through the registry. */
@Module({
  imports: [ToolRegistryModule, SecretsModule, LeaderModule],
  controllers: [PlaybooksController, HooksController],
  providers: [
    PlaybooksStore,
    PlaybookRunsStore,
    PlaybookRunner,
    PlaybookTriggers,
    WebhookGuard,
    PlaybooksService,
  ],
  exports: [PlaybooksService],
})
export class PlaybooksModule {}
