import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BodySchemaPipe } from '../common/body-schema.pipe';
import { RequiresScope } from '../common/access/scopes';
import { disconnectSignal } from '../common/disconnect-signal';
import { ToolNamePipe } from '../common/id.pipe';
import { ToolViewDto, InvokeResultDto, RunDto } from './dto/execution-views.dto';
import { INVOKE_BODY_SCHEMA, InvokeBody } from './dto/invoke-body';
import { RunLog } from './run-log';
import { ToolRegistryService } from './tool-registry.service';

@ApiTags('execution')
@Controller('api/v1/execution')
export class ExecutionController {
  constructor(
    private readonly tools: ToolRegistryService,
    private readonly runs: RunLog,
  ) {}

  @Get('tools')
  @ApiOperation({
    summary: 'Every tool: local ones, the mcp_tool proxy and routed logical tools',
    description:
      'A routed tool whose server is disabled, missing or lacks a credential shows available: false with a reason.',
  })
  @ApiOkResponse({ type: [ToolViewDto] })
  listTools(): Promise<ToolViewDto[]> {
    return this.tools.listTools();
  }

  @Post('tools/:name/invoke')
  @HttpCode(200)
  @RequiresScope('invoke')
  @ApiOperation({
    summary: 'Run a tool now: through its MCP route when it has one, locally otherwise',
    description:
      'A tool result with isError is a 200 with is_error: true. A client that disconnects before the answer cancels the call, upstream too.',
  })
  @ApiBody({ schema: INVOKE_BODY_SCHEMA, required: false })
  @ApiOkResponse({ type: InvokeResultDto })
  @ApiResponse({ status: 400, description: 'validation_failed: the body itself is malformed' })
  @ApiResponse({ status: 404, description: 'tool_not_found (or, for mcp_tool, server_not_found)' })
  @ApiResponse({
    status: 409,
    description: 'server_disabled: the route points at a disabled server',
  })
  @ApiResponse({
    status: 422,
    description: 'invalid_arguments: details.fields lists each bad field',
  })
  @ApiResponse({ status: 424, description: 'credentials_missing' })
  @ApiResponse({ status: 502, description: 'The MCP server failed, or the local handler threw' })
  @ApiResponse({ status: 504, description: 'mcp_timeout / tool_timeout' })
  invoke(
    @Param('name', ToolNamePipe) name: string,
    @Body(new BodySchemaPipe<InvokeBody>(INVOKE_BODY_SCHEMA)) body: InvokeBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvokeResultDto> {
    return this.tools.execute(name, body.args ?? {}, {
      timeoutMs: body.timeout_ms,
      caller: 'http',
      signal: disconnectSignal(reply.raw),
    });
  }

  @Get('runs')
  @ApiOperation({ summary: 'Recent invocations, newest first (at most 500 are kept)' })
  @ApiOkResponse({ type: [RunDto] })
  listRuns(): RunDto[] {
    return this.runs.list();
  }
}
