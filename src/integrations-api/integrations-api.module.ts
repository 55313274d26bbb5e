import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { SecretsModule } from '../secrets/secrets.module';
import { EventsController } from './events.controller';
import { IntegrationsController } from './integrations.controller';
import { ServerViewMapper } from './server-view.mapper';

/**
 * The HTTP face of the integrations: it composes registry, secrets, client and health,
 * which is why it sits above them rather than inside the registry (imports run one way).
 */
@Module({
  imports: [IntegrationRegistryModule, SecretsModule, McpClientModule, HealthModule],
  controllers: [IntegrationsController, EventsController],
  providers: [ServerViewMapper],
})
export class IntegrationsApiModule {}
