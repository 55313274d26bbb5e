import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServerIdPipe, ToolNamePipe } from '../common/id.pipe';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ApiErrors, UPSTREAM_ERRORS } from '../common/openapi/api-errors.decorator';
import { ToolEntryDto } from './dto/tool-entry.dto';
import { toToolEntry } from './tool-entry.mapper';

@ApiTags('integrations')
@Controller('api/v1/integrations/mcp-servers')
export class ServerToolsController {
  constructor(
    private readonly client: McpClientService,
    private readonly pins: ToolPinsService,
  ) {}

  @Get(':server_id/tools')
  @ApiOperation({
    summary:
      "The server's tools with their pin (409 when disabled, 424 when a credential is missing)",
  })
  @ApiOkResponse({ type: [ToolEntryDto] })
  @ApiErrors(
    'validation_failed',
    'server_not_found',
    'server_disabled',
    'credentials_missing',
    ...UPSTREAM_ERRORS,
  )
  async listTools(@Param('server_id', ServerIdPipe) id: string): Promise<ToolEntryDto[]> {
    const tools = await this.client.listTools(id);
    const verdicts = this.pins.verdicts(id, tools);
    return tools.map((t, i) => toToolEntry(t, verdicts[i]));
  }

  @Post(':server_id/tools/:tool_name/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pin the definition the server shows now; the tool is callable again' })
  @ApiOkResponse({ type: ToolEntryDto })
  @ApiErrors(
    'validation_failed',
    'server_not_found',
    'tool_not_found',
    'server_disabled',
    'credentials_missing',
    ...UPSTREAM_ERRORS,
  )
  async approve(
    @Param('server_id', ServerIdPipe) id: string,
    @Param('tool_name', ToolNamePipe) name: string,
  ): Promise<ToolEntryDto> {
    const tools = await this.client.listTools(id);
    const verdict = await this.pins.approve(id, tools, name);
    const tool = tools.find((t) => t.name === name);
    return toToolEntry(tool ?? { name, inputSchema: { type: 'object' } }, verdict);
  }
}
