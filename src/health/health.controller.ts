import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ApiPublic } from '../common/openapi/api-errors.decorator';
import { HealthStatusService } from './health-status.service';
import { HealthCheckJob } from './health-check.job';
import { McpServerIndicator } from './mcp-server.indicator';
import { SERVER_STATES } from './server-status.types';

const SERVERS_SCHEMA = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    by_state: {
      type: 'object',
      properties: Object.fromEntries(SERVER_STATES.map((s) => [s, { type: 'integer' }])),
    },
  },
};

@ApiTags('health')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicator: McpServerIndicator,
    private readonly health: HealthStatusService,
    private readonly job: HealthCheckJob,
  ) {}

  private lastSweep() {
    const last = this.job.lastTick;
    return {
      interval_ms: this.job.intervalMs,
      last_sweep_at: last?.finishedAt.toISOString() ?? null,
      last_sweep_ms: last?.durationMs ?? null,
      last_sweep_checked: last?.checked ?? null,
    };
  }

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: "The service's own health and the servers by state (no token needed)" })
  @ApiOkResponse({
    description: 'Terminus adds `info`, `error` and `details`.',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        servers: SERVERS_SCHEMA,
        checks: {
          type: 'object',
          description: 'The scheduled sweep: its interval and the last run.',
          properties: {
            interval_ms: { type: 'integer' },
            last_sweep_at: { type: 'string', format: 'date-time', nullable: true },
            last_sweep_ms: { type: 'integer', nullable: true },
            last_sweep_checked: { type: 'integer', nullable: true },
          },
        },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'Shutting down.' })
  @ApiPublic()
  async check(@Res({ passthrough: true }) res: FastifyReply) {
    const servers = this.health.countByState();
    try {
      const result = await this.terminus.check([
        () => this.indicator.summary('mcp_servers', servers),
      ]);
      return { ...result, servers, checks: this.lastSweep() };
    } catch (err) {
      // Terminus answers 503 with its result while shutting down; keep that, plus servers.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.code(503);
      return { ...(err.getResponse() as object), servers };
    }
  }
}
