import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { SecretsModule } from '../secrets/secrets.module';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

/** Upstream OAuth; the client (transports, the usable check) and health depend on it. */
@Module({
  imports: [IntegrationRegistryModule, SecretsModule],
  controllers: [OAuthController, OAuthCallbackController],
  providers: [OAuthService],
  exports: [OAuthService],
})
export class OAuthModule {}
