import { Controller, Delete, Get, Param, Post, Req, Res, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdPipe, ServerIdPipe } from '../common/id.pipe';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { TOOLSET_ID_PATTERN } from '../toolsets/toolsets.schema';
import { ToolsetsService } from '../toolsets/toolsets.service';
import { McpScope } from './mcp-scope';
import { McpSessionsService } from './mcp-sessions.service';

const ToolsetIdPipe = new IdPipe(TOOLSET_ID_PATTERN, 'toolset id');

const METHOD_TEXT = {
  POST: 'JSON-RPC messages (an initialize without Mcp-Session-Id starts a session)',
  GET: 'the session’s SSE stream of server notifications and requests',
  DELETE: 'ends the session',
};

/** OpenAPI for one method of one streamable HTTP MCP endpoint. */
function McpEndpointDocs(method: keyof typeof METHOD_TEXT, what: string) {
  return applyDecorators(
    ApiOperation({
      summary: `MCP streamable HTTP (${what}): ${METHOD_TEXT[method]}`,
      description:
        'Speaks the Model Context Protocol (streamable HTTP transport), not REST. Tool calls go through the tool registry with caller "mcp".',
    }),
    ApiResponse({ status: 200, description: 'JSON-RPC answer, or an SSE stream' }),
    ApiResponse({ status: 400, description: 'validation_failed: no session and no initialize' }),
    ApiResponse({ status: 401, description: 'unauthorized: the API token is set and missing' }),
    ApiResponse({ status: 403, description: 'forbidden_origin' }),
    ApiResponse({ status: 404, description: 'mcp_session_not_found, server or toolset unknown' }),
  );
}

/** The three MCP endpoints; each request is routed on its own URL (scope) and session id. */
@ApiTags('mcp')
@ApiBearerAuth()
@Controller('mcp')
export class McpHttpController {
  constructor(
    private readonly sessions: McpSessionsService,
    private readonly servers: IntegrationRegistryService,
    private readonly toolsets: ToolsetsService,
  ) {}

  @Post()
  @McpEndpointDocs('POST', 'every tool')
  post(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.sessions.handle({ kind: 'all' }, req, reply);
  }

  @Get()
  @McpEndpointDocs('GET', 'every tool')
  stream(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.sessions.handle({ kind: 'all' }, req, reply);
  }

  @Delete()
  @McpEndpointDocs('DELETE', 'every tool')
  end(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.sessions.handle({ kind: 'all' }, req, reply);
  }

  @Post('servers/:server_id')
  @McpEndpointDocs('POST', 'one server passed through')
  postServer(
    @Param('server_id', ServerIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.serverScope(id), req, reply);
  }

  @Get('servers/:server_id')
  @McpEndpointDocs('GET', 'one server passed through')
  streamServer(
    @Param('server_id', ServerIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.serverScope(id), req, reply);
  }

  @Delete('servers/:server_id')
  @McpEndpointDocs('DELETE', 'one server passed through')
  endServer(
    @Param('server_id', ServerIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.serverScope(id), req, reply);
  }

  @Post('toolsets/:toolset_id')
  @McpEndpointDocs('POST', 'the tools of one toolset')
  postToolset(
    @Param('toolset_id', ToolsetIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.toolsetScope(id), req, reply);
  }

  @Get('toolsets/:toolset_id')
  @McpEndpointDocs('GET', 'the tools of one toolset')
  streamToolset(
    @Param('toolset_id', ToolsetIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.toolsetScope(id), req, reply);
  }

  @Delete('toolsets/:toolset_id')
  @McpEndpointDocs('DELETE', 'the tools of one toolset')
  endToolset(
    @Param('toolset_id', ToolsetIdPipe) id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.sessions.handle(this.toolsetScope(id), req, reply);
  }

  /** @throws server_not_found */
  private serverScope(serverId: string): McpScope {
    this.servers.getServer(serverId);
    return { kind: 'server', serverId };
  }

  /** @throws toolset_not_found */
  private toolsetScope(toolsetId: string): McpScope {
    this.toolsets.get(toolsetId);
    return { kind: 'toolset', toolsetId };
  }
}
