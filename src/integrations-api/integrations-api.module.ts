import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { OAuthModule } from '../oauth/oauth.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { SecretsModule } from '../secrets/secrets.module';
import { ToolPinsModule } from '../tool-pins/tool-pins.module';
import { ToolRegistryModule } from '../tool-registry/tool-registry.module';
import { EventsController } from './events.controller';
import { ServerImportService } from './import/server-import.service';
import { IntegrationsController } from './integrations.controller';
import { ServerAdminController } from './server-admin.controller';
import { ServerAdminService } from './server-admin.service';
import { ServerToolsController } from './server-tools.controller';
import { ServerViewMapper } from './server-view.mapper';
import { ToolsetsModule } from '../toolsets/toolsets.module';

/**
 * The HTTP face of the integrations: it composes registry, secrets, client and health,
 * which is why it sits above them (and above playbooks) rather than inside the registry (imports run one way).
 */
@Module({
  imports: [
    IntegrationRegistryModule,
    SecretsModule,
    McpClientModule,
    HealthModule,
    ToolRegistryModule,
    ToolPinsModule,
    PlaybooksModule,
    OAuthModule,
    ToolsetsModule,
  ],
  controllers: [
    IntegrationsController,
    ServerAdminController,
    ServerToolsController,
    EventsController,
  ],
  providers: [ServerViewMapper, ServerAdminService, ServerImportService],
})
export class IntegrationsApiModule {}
