import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ToolNamePipe } from '../common/id.pipe';
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
  list(): RouteDto[] {
    return this.routes.list().map(toDto);
  }

  @Get(':tool')
  @ApiOkResponse({ type: RouteDto })
  @ApiResponse({ status: 404, description: 'route_not_found' })
  get(@Param('tool', ToolNamePipe) tool: string): RouteDto {
    return toDto(this.routes.get(tool));
  }

  @Put(':tool')
  @ApiOperation({
    summary: "Bind a logical tool to an MCP server's tool; persisted before the answer",
    description:
      'The tool may have no local implementation (it then exists only through the route). The server tool must exist now.',
  })
  @ApiOkResponse({ type: RouteDto })
  @ApiResponse({ status: 400, description: 'mcp_tool cannot be routed; bad ids' })
  @ApiResponse({ status: 404, description: 'server_not_found, or tool_not_found on that server' })
  @ApiResponse({ status: 409, description: 'server_disabled: its tools cannot be checked' })
  @ApiResponse({ status: 424, description: 'credentials_missing: its tools cannot be checked' })
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
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiResponse({ status: 404, description: 'route_not_found' })
  async remove(@Param('tool', ToolNamePipe) tool: string): Promise<void> {
    await this.routes.remove(tool);
  }
}
