import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MetricsRecorder } from './metrics.recorder';

@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly recorder: MetricsRecorder) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Prometheus metrics: tool calls, durations, server states, in-flight calls, reconnects',
    description: 'Text exposition format, with the process_* and nodejs_* metrics.',
  })
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  @ApiResponse({ status: 401, description: 'unauthorized: PATCHBAY_API_TOKEN is set' })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  metrics(): Promise<string> {
    return this.recorder.render();
  }
}
