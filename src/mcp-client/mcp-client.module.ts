import { Module } from '@nestjs/common';
import { AdmissionModule } from '../admission/admission.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { OAuthModule } from '../oauth/oauth.module';
import { SecretsModule } from '../secrets/secrets.module';
import { MCP_CLIENT_OPTIONS } from './mcp-client.options';
import { McpClientService } from './mcp-client.service';

@Module({
  imports: [IntegrationRegistryModule, SecretsModule, AdmissionModule, OAuthModule],
  // Defaults apply; tests override MCP_CLIENT_OPTIONS (backoff, limits, transports).
  providers: [McpClientService, { provide: MCP_CLIENT_OPTIONS, useValue: {} }],
  exports: [McpClientService],
})
export class McpClientModule {}
