import { DynamicModule, Module } from '@nestjs/common';
import { PatchbayConfig, patchbayConfig } from './patchbay.config';

/** Provides the config read once at start (main.ts or a test app) to every module. */
@Module({})
export class PatchbayConfigModule {
  static forRoot(config: PatchbayConfig): DynamicModule {
    return {
      module: PatchbayConfigModule,
      global: true,
      providers: [{ provide: patchbayConfig.KEY, useValue: config }],
      exports: [patchbayConfig.KEY],
    };
  }
}
