import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { UiStaticMiddleware } from './ui-static.middleware';

/** The web UI (built by `vite build --config ui/vite.config.mts`), served from this process. */
@Module({})
export class UiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(UiStaticMiddleware).forRoutes('*');
  }
}
