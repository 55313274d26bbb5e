import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { HealthStatusService } from './health-status.service';
import { ServerState } from './server-status.types';

@ApiTags('health')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly health: HealthStatusService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The service's own health and the servers by state (no token needed)" })
  check() {
    const servers = this.registry.listServers();
    const byState: Partial<Record<ServerState, number>> = {};
    for (const s of servers) {
      const state = this.health.getStatus(s.id).state;
      byState[state] = (byState[state] ?? 0) + 1;
    }
    return { status: 'ok', servers: { total: servers.length, by_state: byState } };
  }
}
