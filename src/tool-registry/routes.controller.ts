import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ToolNamePipe } from '../common/id.pipe';
import { ApiErrors, BODY_ERRORS, UPSTREAM_ERRORS } from '../common/openapi/api-errors.decorator';
import { RouteDto } from './dto/execution-views.dto';
import { PutRouteDto } from './dto/put-route.dto';
import { ToolRoute } from './tool-routes.store';
import { ToolRoutesService } from './tool-routes.service';

const toDto = (r: ToolRoute): RouteDto => ({
  tool: r.tool,
  server_id: r.serverId,
  tool_name: r.toolName,
});

@ApiTags('execution')
@Controller('api/v1/execution/routes')
export class RoutesController {
  constructor(private readonly routes: ToolRoutesService) {}

  @Get()
  @ApiOperation({ summary: 'Every route (config/tool_routes.json)' })
  @ApiOkResponse({ type: [RouteDto] })
  @ApiErrors()
  list(): RouteDto[] {
    return this.routes.list().map(toDto);
  }

  @Get(':tool')
  @ApiOperation({ summary: 'The route of one logical tool' })
  @ApiOkResponse({ type: RouteDto })
  @ApiErrors('validation_failed', 'route_not_found')
  get(@Param('tool', ToolNamePipe) tool: string): RouteDto {
    return toDto(this.routes.get(tool));
  }

  @Put(':tool')
  @ApiOperation({
    summary: "Bind a logical tool to an MCP server's tool; persisted before the answer",
    description:
      'The tool may have no local implementation (it then exists only through the route). The server tool must exist now: ' +
      'validation_failed for mcp_tool or bad ids; tool_not_found when the server has no such tool; ' +
      'server_disabled and credentials_missing when its tools cannot be checked.',
  })
  @ApiOkResponse({ type: RouteDto })
  @ApiErrors(
    'validation_failed',
    'server_not_found',
    'tool_not_found',
    'server_disabled',
    'credentials_missing',
    'config_invalid',
    ...UPSTREAM_ERRORS,
    ...BODY_ERRORS,
  )
  async put(
    @Param('tool', ToolNamePipe) tool: string,
    @Body() body: PutRouteDto,
  ): Promise<RouteDto> {
    const route = { tool, serverId: body.server_id, toolName: body.tool_name };
    return toDto(await this.routes.set(route));
  }

  @Delete(':tool')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unbind: the local implementation runs again (if there is one)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors('validation_failed', 'route_not_found', 'config_invalid')
  async remove(@Param('tool', ToolNamePipe) tool: string): Promise<void> {
    await this.routes.remove(tool);
  }
}
