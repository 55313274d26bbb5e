import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { OAuthModule } from '../oauth/oauth.module';
import { SecretsModule } from '../secrets/secrets.module';
import { AdmissionGate } from './admission-gate';

/** The admission rule, shared by the execution path, the MCP client and health. */
@Module({
  imports: [IntegrationRegistryModule, SecretsModule, OAuthModule],
  providers: [AdmissionGate],
  exports: [AdmissionGate],
})
export class AdmissionModule {}
