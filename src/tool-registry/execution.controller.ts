import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BodySchemaPipe } from '../common/body-schema.pipe';
import { RequiresScope } from '../common/access/scopes';
import { disconnectSignal } from '../common/disconnect-signal';
import { ToolNamePipe } from '../common/id.pipe';
import { ApiErrors, BODY_ERRORS, UPSTREAM_ERRORS } from '../common/openapi/api-errors.decorator';
import {
  BINDING_MODELS,
  ToolViewDto,
  InvokeResultDto,
  RunDetailDto,
  RunDto,
} from './dto/execution-views.dto';
import { RunIdPipe, RunsQueryDto } from './dto/runs-query.dto';
import { runNotFound } from '../common/errors/catalogue';
import { INVOKE_BODY_SCHEMA, InvokeBody } from './dto/invoke-body';
import { RunLog } from './run-log';
import { ToolRegistryService } from './tool-registry.service';

@ApiTags('execution')
@ApiExtraModels(...BINDING_MODELS)
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
  @ApiErrors()
  listTools(): Promise<ToolViewDto[]> {
    return this.tools.listTools();
  }

  @Post('tools/:name/invoke')
  @HttpCode(200)
  @RequiresScope('invoke')
  @ApiOperation({
    summary: 'Run a tool now: through its MCP route when it has one, locally otherwise',
    description:
      'A tool result with isError is a 200 with is_error: true. A client that disconnects before the answer cancels the call, upstream too. ' +
      'validation_failed: the body itself is malformed; invalid_arguments: details.fields lists each bad field; ' +
      'server_not_found only for mcp_tool; conflict: the route points at a server that no longer exists.',
  })
  @ApiBody({ schema: INVOKE_BODY_SCHEMA, required: false })
  @ApiOkResponse({ type: InvokeResultDto })
  @ApiErrors(
    'validation_failed',
    'tool_not_found',
    'server_not_found',
    'server_disabled',
    'conflict',
    'invalid_arguments',
    'credentials_missing',
    'tool_execution_failed',
    'tool_timeout',
    'tool_cancelled',
    ...UPSTREAM_ERRORS,
    ...BODY_ERRORS,
  )
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
  @ApiOperation({
    summary: 'Recorded invocations, newest first, kept on disk for PATCHBAY_RUNS_RETENTION_DAYS',
    description:
      'Filters combine; `before` (a run_id) gives the page after that run. Secret arguments are masked.',
  })
  @ApiOkResponse({ type: [RunDto] })
  @ApiErrors('validation_failed')
  listRuns(@Query() query: RunsQueryDto): Promise<RunDto[]> {
    return this.runs.list(query);
  }

  @Get('runs/:run_id')
  @ApiOperation({ summary: 'One run with its masked arguments, error and result summary' })
  @ApiOkResponse({ type: RunDetailDto })
  @ApiErrors('validation_failed', 'run_not_found')
  async getRun(@Param('run_id', RunIdPipe) runId: string): Promise<RunDetailDto> {
    const run = await this.runs.get(runId);
    if (!run) {
      throw runNotFound(runId);
    }
    return run;
  }
}
