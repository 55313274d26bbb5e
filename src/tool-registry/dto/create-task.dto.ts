import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TOOL_NAME_PATTERN } from '../../common/ids';
import { InvokeToolDto } from './invoke-tool.dto';

/** POST /api/v1/execution/tasks: an invocation that runs in the background. */
export class CreateTaskDto extends InvokeToolDto {
  @ApiProperty({ pattern: TOOL_NAME_PATTERN.source, example: 'mcp_tool' })
  @IsString()
  @Matches(TOOL_NAME_PATTERN, { message: 'tool must be a valid tool name' })
  tool!: string;
}
