import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** Response shapes of the execution API (documentation for /api/docs and the UI's types). */
export class LocalBindingDto {
  @ApiProperty({ enum: ['local'] }) kind!: 'local';
}

export class McpBindingDto {
  @ApiProperty({ enum: ['mcp'] }) kind!: 'mcp';
  @ApiProperty() server_id!: string;
  @ApiProperty() tool_name!: string;
}

export type BindingDto = LocalBindingDto | McpBindingDto;

/** Controllers that answer a binding list these in @ApiExtraModels. */
export const BINDING_MODELS = [LocalBindingDto, McpBindingDto];
const BINDING_SCHEMA = {
  oneOf: BINDING_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
};

const NULL_SCHEMA = { type: 'object', nullable: true, enum: [null] };

/** One MCP content block, as the server sent it (MCP's own camelCase names). */
export class ContentItemDto {
  @ApiProperty({ description: 'text, image, audio, resource or resource_link' }) type!: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional({ description: 'Base64 (image, audio).' }) data?: string;
  @ApiPropertyOptional() mimeType?: string;
  @ApiPropertyOptional() uri?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({
    type: 'object',
    properties: {
      uri: { type: 'string' },
      mimeType: { type: 'string' },
      text: { type: 'string' },
      blob: { type: 'string' },
    },
  })
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

export class ToolViewDto {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) input_schema!: object;
  @ApiProperty(BINDING_SCHEMA) binding!: BindingDto;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: String, nullable: true }) unavailable_reason!: string | null;
}

export class InvokeResultDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ ...BINDING_SCHEMA, description: 'The binding the call took.' })
  binding!: BindingDto;
  @ApiProperty({ description: 'The tool answered isError (still a 200).' }) is_error!: boolean;
  @ApiProperty({
    type: [ContentItemDto],
    description: 'The MCP content array as the server sent it.',
  })
  content!: ContentItemDto[];
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
  // A null branch: @nestjs/swagger drops `type` beside oneOf, which OpenAPI 3.0 needs for nullable.
  @ApiProperty({ oneOf: [...BINDING_SCHEMA.oneOf, NULL_SCHEMA] })
  binding!: BindingDto | null;
  @ApiProperty({ description: '`http`, `task` or the in-process caller.' }) caller!: string;
  @ApiProperty({ format: 'date-time' }) started_at!: string;
  @ApiProperty() duration_ms!: number;
  @ApiProperty({ description: '`ok`, `tool_error`, or the error code.' }) outcome!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Arguments with schema-marked secrets (format password, x-secret, writeOnly) redacted.',
  })
  args!: unknown;
  @ApiProperty({ type: String, nullable: true, description: 'The MCP server, for MCP runs.' })
  server_id!: string | null;
  @ApiPropertyOptional({ description: 'The replica that ran it (database mode only).' })
  replica_id?: string;
}

export class RunErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'With known secret values masked.' }) message!: string;
}

export class RunDetailDto extends RunDto {
  @ApiProperty({ type: RunErrorDto, nullable: true }) error!: RunErrorDto | null;
  @ApiProperty({
    nullable: true,
    description: 'A bounded summary of the result content (at most ~2 KB of JSON).',
  })
  result!: unknown;
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

const TASK_STATES = ['queued', 'running', 'input_required', 'succeeded', 'failed', 'cancelled'];

export class TaskCreatedDto {
  @ApiProperty({ format: 'uuid' }) task_id!: string;
  @ApiProperty({ enum: TASK_STATES }) state!: string;
}

export class InputRequestDto {
  @ApiProperty({ description: "The MCP server's question" }) message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema of the answer',
  })
  requested_schema!: Record<string, unknown>;
}

export class TaskDto extends TaskCreatedDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ type: ProgressDto, nullable: true }) progress!: ProgressDto | null;
  @ApiProperty({ type: InputRequestDto, nullable: true, description: 'While input_required' })
  input_request!: InputRequestDto | null;
  @ApiProperty({ type: InvokeResultDto, nullable: true }) result!: InvokeResultDto | null;
  @ApiProperty({ type: TaskErrorDto, nullable: true }) error!: TaskErrorDto | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finished_at!: string | null;
}
