import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { SecretsModule } from '../secrets/secrets.module';
import { McpClientService } from './mcp-client.service';

@Module({
  imports: [IntegrationRegistryModule, SecretsModule],
  providers: [McpClientService],
  exports: [McpClientService],
})
export class McpClientModule {}
