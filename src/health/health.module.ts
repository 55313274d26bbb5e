import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdmissionModule } from '../admission/admission.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { SecretsModule } from '../secrets/secrets.module';
import { HealthCheckJob } from './health-check.job';
import { HealthHistoryController } from './health-history.controller';
import { HealthStatusService } from './health-status.service';
import { HealthStatusStore } from './health-status.store';
import { HealthController } from './health.controller';
import { McpServerIndicator } from './mcp-server.indicator';

@Module({
  imports: [
    TerminusModule.forRoot({ errorLogStyle: 'pretty' }),
    IntegrationRegistryModule,
    SecretsModule,
    AdmissionModule,
    McpClientModule,
  ],
  controllers: [HealthController, HealthHistoryController],
  providers: [HealthStatusStore, McpServerIndicator, HealthStatusService, HealthCheckJob],
  exports: [HealthStatusService],
})
export class HealthModule {}
