import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ServerIdPipe } from '../common/id.pipe';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { HealthStatusService } from './health-status.service';
import { SERVER_STATES } from './server-status.types';

export class HealthCheckEntryDto {
  @ApiProperty({ type: String, format: 'date-time' }) checked_at!: string;
  @ApiProperty({ enum: ['scheduled', 'manual'] }) source!: string;
  @ApiProperty({ enum: SERVER_STATES }) state!: string;
  @ApiProperty({ type: Number, nullable: true }) latency_ms!: number | null;
  @ApiProperty({ type: Number, nullable: true }) tool_count!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** A server's recent checks, added to the HTTP contract (the status is in the server object). */
@ApiTags('integrations')
@Controller('api/v1/integrations/mcp-servers')
export class HealthHistoryController {
  constructor(private readonly health: HealthStatusService) {}

  @Get(':server_id/health-history')
  @ApiOperation({ summary: "The server's recent health checks, newest first (at most 20)" })
  @ApiOkResponse({ type: [HealthCheckEntryDto] })
  @ApiErrors('validation_failed', 'server_not_found')
  history(@Param('server_id', ServerIdPipe) id: string): HealthCheckEntryDto[] {
    return this.health.history(id).map((h) => ({
      checked_at: h.checkedAt.toISOString(),
      source: h.source,
      state: h.state,
      latency_ms: h.latencyMs === null ? null : Math.round(h.latencyMs * 100) / 100,
      tool_count: h.toolCount,
      error: h.error,
    }));
  }
}
