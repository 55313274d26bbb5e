import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import { IdPipe } from '../common/id.pipe';
import { PutToolsetDto, ToolsetDto } from './dto/toolset.dto';
import { Toolset, ToolsetsService } from './toolsets.service';
import { TOOLSET_ID_PATTERN } from './toolsets.schema';

const ToolsetIdPipe = new IdPipe(TOOLSET_ID_PATTERN, 'toolset id');

const toDto = (t: Toolset): ToolsetDto => ({ ...t, endpoint: `/mcp/toolsets/${t.id}` });

@ApiTags('toolsets')
@Controller('api/v1/toolsets')
export class ToolsetsController {
  constructor(private readonly toolsets: ToolsetsService) {}

  @Get()
  @ApiOperation({ summary: 'Every toolset (config/toolsets.json)' })
  @ApiOkResponse({ type: [ToolsetDto] })
  @ApiErrors()
  list(): ToolsetDto[] {
    return this.toolsets.list().map(toDto);
  }

  @Get(':toolset_id')
  @ApiOperation({ summary: 'One toolset' })
  @ApiOkResponse({ type: ToolsetDto })
  @ApiErrors('validation_failed', 'toolset_not_found')
  get(@Param('toolset_id', ToolsetIdPipe) id: string): ToolsetDto {
    return toDto(this.toolsets.get(id));
  }

  @Put(':toolset_id')
  @ApiOperation({
    summary: 'Create or replace a toolset; persisted before the answer',
    description:
      'tools are names as /mcp lists them. A name that no tool has (yet) is kept and simply not listed.',
  })
  @ApiOkResponse({ type: ToolsetDto })
  @ApiErrors('validation_failed', ...BODY_ERRORS)
  async put(
    @Param('toolset_id', ToolsetIdPipe) id: string,
    @Body() body: PutToolsetDto,
  ): Promise<ToolsetDto> {
    const entry = { name: body.name, description: body.description ?? '', tools: body.tools };
    return toDto(await this.toolsets.put(id, entry));
  }

  @Delete(':toolset_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a toolset; its MCP endpoint then answers 404',
    description: 'A toolset an unexpired API key is limited to answers 409 (`details.api_keys`).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('validation_failed', 'toolset_not_found', 'conflict')
  async remove(@Param('toolset_id', ToolsetIdPipe) id: string): Promise<void> {
    await this.toolsets.remove(id);
  }
}
