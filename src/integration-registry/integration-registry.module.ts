import { Module } from '@nestjs/common';
import { IntegrationRegistryService } from './integration-registry.service';
import { IntegrationStore } from './integration.store';

@Module({
  providers: [IntegrationStore, IntegrationRegistryService],
  exports: [IntegrationRegistryService],
})
export class IntegrationRegistryModule {}
