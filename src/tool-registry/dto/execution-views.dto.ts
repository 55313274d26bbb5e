import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of the execution API (documentation for /api/docs). */
export class BindingDto {
  @ApiProperty({ enum: ['local', 'mcp'] }) kind!: 'local' | 'mcp';
  @ApiPropertyOptional({ description: 'Only for kind mcp.' }) server_id?: string;
  @ApiPropertyOptional({ description: 'Only for kind mcp.' }) tool_name?: string;
}

export class ToolViewDto {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) input_schema!: object;
  @ApiProperty({ type: BindingDto }) binding!: BindingDto;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: String, nullable: true }) unavailable_reason!: string | null;
}

export class InvokeResultDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ type: BindingDto, description: 'The binding the call took.' })
  binding!: BindingDto;
  @ApiProperty({ description: 'The tool answered isError (still a 200).' }) is_error!: boolean;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The MCP content array as the server sent it.',
  })
  content!: object[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  structured_content!: object | null;
  @ApiProperty() duration_ms!: number;
  @ApiProperty({ format: 'uuid' }) run_id!: string;
}

export class RouteDto {
  @ApiProperty() tool!: string;
  @ApiProperty() server_id!: string;
  @ApiProperty() tool_name!: string;
}

export class RunDto {
  @ApiProperty({ format: 'uuid' }) run_id!: string;
  @ApiProperty() tool!: string;
  @ApiProperty({ type: BindingDto, nullable: true }) binding!: BindingDto | null;
  @ApiProperty({ description: '`http`, `task` or the in-process caller.' }) caller!: string;
  @ApiProperty({ format: 'date-time' }) started_at!: string;
  @ApiProperty() duration_ms!: number;
  @ApiProperty({ description: '`ok`, `tool_error`, or the error code.' }) outcome!: string;
  @ApiProperty({
    description:
      'Arguments with schema-marked secrets (format password, x-secret, writeOnly) redacted.',
  })
  args!: unknown;
}

export class ProgressDto {
  @ApiProperty() progress!: number;
  @ApiProperty({ type: Number, nullable: true }) total!: number | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
}

export class TaskErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The error details; `run_id` names the failed call in GET /runs.',
  })
  details?: Record<string, unknown>;
}

const TASK_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export class TaskCreatedDto {
  @ApiProperty({ format: 'uuid' }) task_id!: string;
  @ApiProperty({ enum: TASK_STATES }) state!: string;
}

export class TaskDto extends TaskCreatedDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ type: ProgressDto, nullable: true }) progress!: ProgressDto | null;
  @ApiProperty({ type: InvokeResultDto, nullable: true }) result!: InvokeResultDto | null;
  @ApiProperty({ type: TaskErrorDto, nullable: true }) error!: TaskErrorDto | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finished_at!: string | null;
}
