import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { MetricsRecorder } from './metrics.recorder';

@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly recorder: MetricsRecorder) {}

  @Get()
  @ApiOperation({
    summary:
      'Prometheus metrics: tool calls, durations, server states, in-flight calls, reconnects',
    description: 'Text exposition format, with the process_* and nodejs_* metrics.',
  })
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  @ApiErrors()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  metrics(): Promise<string> {
    return this.recorder.render();
  }
}
