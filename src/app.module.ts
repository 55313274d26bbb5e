import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ScheduleModule } from '@nestjs/schedule';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { RequestGuards } from './common/request-guards.hook';
import { createValidationPipe } from './common/validation';
import { validateEnv } from './config/env.schema';
import { patchbayConfig } from './config/patchbay.config';
import { HealthModule } from './health/health.module';
import { IntegrationRegistryModule } from './integration-registry/integration-registry.module';
import { IntegrationsApiModule } from './integrations-api/integrations-api.module';
import { McpClientModule } from './mcp-client/mcp-client.module';
import { SecretsModule } from './secrets/secrets.module';
import { ToolRegistryModule } from './tool-registry/tool-registry.module';
import { UiModule } from './ui/ui.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      validate: validateEnv,
      load: [patchbayConfig],
    }),
    ScheduleModule.forRoot(),
    IntegrationRegistryModule,
    SecretsModule,
    McpClientModule,
    HealthModule,
    ToolRegistryModule,
    IntegrationsApiModule,
    UiModule,
    ApiKeysModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    RequestGuards,
  ],
})
export class AppModule {}
