import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ScheduleModule } from '@nestjs/schedule';
import { ClusterModule } from './cluster/cluster.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { RequestGuards } from './common/request-guards.hook';
import { createValidationPipe } from './common/validation';
import { PatchbayConfigModule } from './config/patchbay-config.module';
import { PatchbayConfig } from './config/patchbay.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IntegrationRegistryModule } from './integration-registry/integration-registry.module';
import { IntegrationsApiModule } from './integrations-api/integrations-api.module';
import { McpClientModule } from './mcp-client/mcp-client.module';
import { PlaybooksModule } from './playbooks/playbooks.module';
import { ObservabilityModule } from './observability/observability.module';
import { McpServerModule } from './mcp-server/mcp-server.module';
import { SecretsModule } from './secrets/secrets.module';
import { ToolRegistryModule } from './tool-registry/tool-registry.module';
import { ToolsetsModule } from './toolsets/toolsets.module';
import { UiModule } from './ui/ui.module';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    EventEmitterModule.forRoot(),
    DatabaseModule,
    IntegrationRegistryModule,
    SecretsModule,
    McpClientModule,
    HealthModule,
    ClusterModule,
    ToolRegistryModule,
    IntegrationsApiModule,
    PlaybooksModule,
    ObservabilityModule,
    ToolsetsModule,
    McpServerModule,
    UiModule,
    ApiKeysModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    RequestGuards,
  ],
})
export class AppModule {
  /** The whole app on `config`, read and validated once by the caller (readPatchbayConfig). */
  static forRoot(config: PatchbayConfig): DynamicModule {
    return { module: AppModule, imports: [PatchbayConfigModule.forRoot(config)] };
  }
}
