import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { ToolRegistryModule } from '../tool-registry/tool-registry.module';
import { MetricsController } from './metrics.controller';
import { MetricsRecorder } from './metrics.recorder';
import { PatchbayMetrics } from './patchbay-metrics';
import { TracingService } from './tracing.service';

/** /metrics and OpenTelemetry traces; listens to the facades, and nothing depends on it. */
@Module({
  imports: [
    ToolRegistryModule,
    HealthModule,
    McpClientModule,
    IntegrationRegistryModule,
    PlaybooksModule,
  ],
  controllers: [MetricsController],
  providers: [PatchbayMetrics, MetricsRecorder, TracingService],
})
export class ObservabilityModule {}
