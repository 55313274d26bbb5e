import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { MAX_TOOLSET_TOOLS, MCP_TOOL_NAME_PATTERN } from '../toolsets.schema';

/** PUT /api/v1/toolsets/{toolset_id}: creates or replaces the toolset. */
export class PutToolsetDto {
  @ApiProperty({ example: 'Deploy helpers', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'What the release agent may use', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({
    type: [String],
    description: 'Tool names as /mcp lists them (local and routed tools, {server_id}__{tool})',
    example: ['deploy', 'everything__echo'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_TOOLSET_TOOLS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(MCP_TOOL_NAME_PATTERN, {
    each: true,
    message: 'each tool must be 1–128 letters, digits, _ . or -',
  })
  tools!: string[];
}

export class ToolsetDto {
  @ApiProperty({ example: 'release' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String] })
  tools!: string[];

  @ApiProperty({ example: '/mcp/toolsets/release', description: 'Where MCP clients connect' })
  endpoint!: string;
}
