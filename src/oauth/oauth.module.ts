import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { SecretsModule } from '../secrets/secrets.module';
import { DATABASE } from '../database/database.tokens';
import type { Database } from '../database/database';
import {
  AuthorizationFlows,
  MemoryAuthorizationFlows,
  PgAuthorizationFlows,
} from './authorization-flows';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

/** Upstream OAuth; the client (transports, the usable check) and health depend on it. */
@Module({
  imports: [IntegrationRegistryModule, SecretsModule],
  controllers: [OAuthController, OAuthCallbackController],
  providers: [
    OAuthService,
    {
      provide: AuthorizationFlows,
      inject: [DATABASE],
      useFactory: (db: Database | null) =>
        db ? new PgAuthorizationFlows(db) : new MemoryAuthorizationFlows(),
    },
  ],
  exports: [OAuthService],
})
export class OAuthModule {}
