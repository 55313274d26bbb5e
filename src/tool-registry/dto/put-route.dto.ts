import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from '../../common/ids';

/** PUT /api/v1/execution/routes/{tool}: the MCP server tool the logical tool runs as. */
export class PutRouteDto {
  @ApiProperty({ pattern: SERVER_ID_PATTERN.source, example: 'everything' })
  @IsString()
  @Matches(SERVER_ID_PATTERN, { message: 'server_id must be a valid server id' })
  server_id!: string;

  @ApiProperty({ pattern: TOOL_NAME_PATTERN.source, example: 'echo' })
  @IsString()
  @Matches(TOOL_NAME_PATTERN, { message: 'tool_name must be a valid tool name' })
  tool_name!: string;
}
