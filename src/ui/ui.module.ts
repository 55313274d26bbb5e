import { Module } from '@nestjs/common';
import { UiStaticRoute } from './ui-static.route';

/** The web UI (built by `vite build --config ui/vite.config.mts`), served from this process. */
@Module({ providers: [UiStaticRoute] })
export class UiModule {}
