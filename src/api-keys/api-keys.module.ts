import { Module } from '@nestjs/common';
import { API_KEY_VERIFIER } from '../common/access/api-key-verifier';
import { ApiKeyStore } from './api-key.store';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { LastUseRecorder } from './last-use.recorder';

/** Scoped API keys; the request guards reach them only through API_KEY_VERIFIER. */
@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeyStore,
    LastUseRecorder,
    ApiKeysService,
    { provide: API_KEY_VERIFIER, useExisting: ApiKeysService },
  ],
  exports: [API_KEY_VERIFIER],
})
export class ApiKeysModule {}
