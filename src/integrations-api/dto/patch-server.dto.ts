import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsObject,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** PATCH body: the editable fields of a server. At least one must be given. */
export class PatchServerDto {
  @ApiPropertyOptional({
    description: 'Turn the server on or off; persisted to config/mcp_servers.json.',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    minimum: 100,
    maximum: 3600000,
    description: 'Default timeout of a call, in ms.',
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  timeout_ms?: number;

  @ApiPropertyOptional({ description: 'sse / streamable_http servers defined in config.' })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Non-secret headers (replaces them all); secrets go in credentials.',
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ description: 'stdio; needs PATCHBAY_ALLOW_STDIO_FROM_API=true.' })
  @IsOptional()
  @IsString()
  command?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'stdio; needs PATCHBAY_ALLOW_STDIO_FROM_API=true.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  args?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Non-secret child environment (replaces it); needs PATCHBAY_ALLOW_STDIO_FROM_API=true.',
  })
  @IsOptional()
  @IsObject()
  env?: Record<string, string>;

  @ApiPropertyOptional({ description: 'stdio; needs PATCHBAY_ALLOW_STDIO_FROM_API=true.' })
  @IsOptional()
  @IsString()
  cwd?: string;
}
