import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { SecretsModule } from '../secrets/secrets.module';
import { HealthStatusService } from './health-status.service';
import { HealthController } from './health.controller';

@Module({
  imports: [IntegrationRegistryModule, SecretsModule, McpClientModule],
  controllers: [HealthController],
  providers: [HealthStatusService],
  exports: [HealthStatusService],
})
export class HealthModule {}
