import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EnvSecretStore } from './env-secret.store';
import { FileSecretStore } from './file-secret.store';
import { RedactResponseInterceptor } from './redact-response.interceptor';
import { SecretsService } from './secrets.service';
import { SECRET_STORE } from './secrets.tokens';

@Module({
  providers: [
    SecretsService,
    // Another backend (a vault, a cloud secret manager) replaces this one provider.
    { provide: SECRET_STORE, useClass: FileSecretStore },
    // The environment Patchbay started with, captured once.
    { provide: EnvSecretStore, useFactory: () => new EnvSecretStore() },
    // Every JSON response passes through the redactor, whatever a server echoed.
    { provide: APP_INTERCEPTOR, useClass: RedactResponseInterceptor },
  ],
  exports: [SecretsService],
})
export class SecretsModule {}
