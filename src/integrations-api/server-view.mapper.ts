import { Injectable } from '@nestjs/common';
import { HealthStatusService } from '../health/health-status.service';
import { ServerStatus } from '../health/server-status.types';
import { Integration, McpServerConfig } from '../integration-registry/mcp-server.types';
import { SecretsService } from '../secrets/secrets.service';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { IntegrationDto, ServerDto, StatusDto } from './dto/server.dto';

export function toStatusDto(s: ServerStatus): StatusDto {
  return {
    state: s.state,
    checked_at: s.checkedAt?.toISOString() ?? null,
    latency_ms: s.latencyMs === null ? null : Math.round(s.latencyMs * 100) / 100,
    tool_count: s.toolCount,
    error: s.error,
    consecutive_failures: s.consecutiveFailures,
    next_check_at: s.nextCheckAt?.toISOString() ?? null,
  };
}

export function toIntegrationDto(i: Integration): IntegrationDto {
  return {
    id: i.id,
    name: i.name,
    description: i.description,
    enabled_by_default: i.enabledByDefault,
    enabled: i.enabled,
    mcp_server: i.mcpServer,
  };
}

const UNKNOWN_STATUS: StatusDto = {
  state: 'unknown',
  checked_at: null,
  latency_ms: null,
  tool_count: null,
  error: null,
  consecutive_failures: 0,
  next_check_at: null,
};

/** Builds the wire view of a server: config, credential status and health, never a secret. */
@Injectable()
export class ServerViewMapper {
  constructor(
    private readonly secrets: SecretsService,
    private readonly health: HealthStatusService,
    private readonly pins: ToolPinsService,
  ) {}

  /** A server that does not exist yet (an import's dry run): nothing known about its status. */
  previewDto(s: McpServerConfig): ServerDto {
    return this.toDto(s, UNKNOWN_STATUS);
  }

  toDto(s: McpServerConfig, status?: StatusDto): ServerDto {
    const specs = new Map(s.credentials.map((c) => [c.name, c]));
    const stdio = s.transport === 'stdio';
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      integration_id: s.integrationId,
      transport: s.transport,
      command: stdio ? (s.command ?? null) : null,
      args: stdio ? s.args : [],
      env_keys: stdio ? Object.keys(s.env).sort() : [],
      cwd: stdio ? (s.cwd ?? null) : null,
      url: stdio ? null : (s.url ?? null),
      enabled: s.enabled,
      enabled_by_default: s.enabledByDefault,
      source: s.source,
      credentials: this.secrets.describe(s).map((c) => {
        const spec = specs.get(c.name);
        return {
          ...c,
          ...(spec?.env && { env: spec.env }),
          ...(spec?.header && { header: spec.header }),
        };
      }),
      timeout_ms: s.timeoutMs,
      homepage: s.homepage ?? null,
      status: status ?? toStatusDto(this.health.getStatus(s.id)),
      tools_held: this.pins.heldTools(s.id),
    };
  }
}
