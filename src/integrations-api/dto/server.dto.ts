import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SERVER_STATES } from '../../health/server-status.types';

export class CredentialDto {
  @ApiProperty() name!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty() configured!: boolean;
  @ApiProperty({ enum: ['store', 'env'], nullable: true, type: String }) source!:
    'store' | 'env' | null;
  @ApiPropertyOptional({ description: 'Child environment variable it is injected as (stdio).' })
  env?: string;
  @ApiPropertyOptional({ description: 'HTTP header it is injected as.' }) header?: string;
}

export class StatusDto {
  @ApiProperty({ enum: SERVER_STATES }) state!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checked_at!: string | null;
  @ApiProperty({ type: Number, nullable: true }) latency_ms!: number | null;
  @ApiProperty({ type: Number, nullable: true }) tool_count!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() consecutive_failures!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) next_check_at!: string | null;
}

export class ServerDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) integration_id!: string | null;
  @ApiProperty({ enum: ['stdio', 'sse', 'streamable_http'] }) transport!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) command?: string | null;
  @ApiPropertyOptional({ type: [String] }) args?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Names of configured env variables; values are never shown.',
  })
  env_keys?: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) cwd?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) url?: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() enabled_by_default!: boolean;
  @ApiProperty({ enum: ['default', 'config'] }) source!: string;
  @ApiProperty({ type: [CredentialDto] }) credentials!: CredentialDto[];
  @ApiProperty() timeout_ms!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) homepage?: string | null;
  @ApiProperty({ type: StatusDto }) status!: StatusDto;
  @ApiPropertyOptional({
    type: [String],
    description: 'Tools held by pinning (changed or new) in the last listing; approve them.',
  })
  tools_held?: string[];
}

export class IntegrationDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() enabled_by_default!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true }) mcp_server!: string | null;
}
