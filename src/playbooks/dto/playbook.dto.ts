import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Shapes of the playbooks API, for /api/docs and the UI's generated types. */
export class PlaybookStepDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON-e templates' })
  args!: Record<string, unknown>;
  @ApiPropertyOptional() timeout_ms?: number;
}

export class TriggerDto {
  @ApiProperty({ enum: ['webhook', 'schedule', 'event'] }) type!: string;
  @ApiPropertyOptional({ description: '5 fields, or 6 with seconds first' }) cron?: string;
  @ApiPropertyOptional({ description: 'IANA time zone' }) timezone?: string;
  @ApiPropertyOptional({ enum: ['server.status_changed', 'tool_run.finished', 'task.finished'] })
  event?: string;
}

export class PlaybookDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: TriggerDto }) trigger!: TriggerDto;
  @ApiPropertyOptional({ description: 'JSON-e template; the run goes ahead unless it is falsy' })
  when?: unknown;
  @ApiProperty({ type: [PlaybookStepDto] }) steps!: PlaybookStepDto[];
  @ApiPropertyOptional({ enum: ['stop', 'continue'] }) on_error?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 20 }) max_concurrent_runs?: number;
}

export class StepErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class StepRecordDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ description: 'The rendered arguments' }) args!: unknown;
  @ApiProperty({ type: String, nullable: true }) tool_run_id!: string | null;
  @ApiProperty({ description: 'ok, tool_error, dry_run or an error code' }) outcome!: string;
  @ApiProperty({ type: Number, nullable: true }) duration_ms!: number | null;
  @ApiProperty({ type: StepErrorDto, nullable: true }) error!: StepErrorDto | null;
}

export class PlaybookRunDto {
  @ApiProperty() run_id!: string;
  @ApiProperty() playbook_id!: string;
  @ApiProperty({ enum: ['webhook', 'schedule', 'event', 'manual'] }) trigger!: string;
  @ApiProperty() started_at!: string;
  @ApiProperty({ type: String, nullable: true }) finished_at!: string | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed', 'skipped'] }) outcome!: string;
  @ApiProperty() dry_run!: boolean;
  @ApiProperty({ description: 'Nesting level (1 + that of the playbook run that caused it)' })
  depth!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: [StepRecordDto] }) steps!: StepRecordDto[];
}

export class PlaybookViewDto extends PlaybookDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: PlaybookRunDto, nullable: true }) last_run!: PlaybookRunDto | null;
  @ApiProperty({ type: String, nullable: true }) next_run_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) hook_path!: string | null;
  @ApiProperty() webhook_secret_configured!: boolean;
}

export class WebhookAcceptedDto {
  @ApiProperty({ type: String, nullable: true }) run_id!: string | null;
  @ApiProperty({ description: 'True when this delivery id was already seen within 24 h' })
  redelivery!: boolean;
}

export const RUN_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    event: { type: 'object', description: 'What templates see as `event`' },
    dry_run: { type: 'boolean', description: 'Render every step and call nothing' },
  },
};
export interface RunBody {
  event?: Record<string, unknown>;
  dry_run?: boolean;
}

export const SECRET_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: { value: { type: 'string', minLength: 16, maxLength: 1024 } },
};
export interface SecretBody {
  value: string;
}
