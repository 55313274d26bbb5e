import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresScope } from '../common/access/scopes';
import { BodySchemaPipe } from '../common/body-schema.pipe';
import { ApiErrors, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import { TASK_BODY_SCHEMA, TaskBody } from './dto/invoke-body';
import { BINDING_MODELS, TaskCreatedDto, TaskDto } from './dto/execution-views.dto';
import { TaskInputDto } from './dto/task-input.dto';
import { TaskService } from './task.service';
import { TaskRouter } from './tasks/task-router';

@ApiTags('execution')
@ApiExtraModels(...BINDING_MODELS)
@Controller('api/v1/execution/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskService,
    private readonly router: TaskRouter,
  ) {}

  @Post()
  @HttpCode(202)
  @RequiresScope('invoke')
  @ApiOperation({
    summary: 'Start a long call in the background',
    description:
      'The tool and its arguments are checked first (404, 409, 422, 424 as for invoke). Finished tasks are kept for an hour.',
  })
  @ApiBody({ schema: TASK_BODY_SCHEMA })
  @ApiAcceptedResponse({ type: TaskCreatedDto })
  @ApiErrors(
    'validation_failed',
    'tool_not_found',
    'server_not_found',
    'server_disabled',
    'conflict',
    'invalid_arguments',
    'credentials_missing',
    ...BODY_ERRORS,
  )
  async create(
    @Body(new BodySchemaPipe<TaskBody>(TASK_BODY_SCHEMA)) body: TaskBody,
  ): Promise<TaskCreatedDto> {
    const task = await this.tasks.create(body.tool, body.args ?? {}, body.timeout_ms);
    return { task_id: task.task_id, state: task.state };
  }

  @Get(':task_id')
  @ApiOperation({ summary: "State, the server's latest progress, and the result once done" })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors('task_not_found')
  get(@Param('task_id') taskId: string): Promise<TaskDto> {
    return this.router.get(taskId);
  }

  @Post(':task_id/input')
  @HttpCode(200)
  @ApiOperation({
    summary: "Answer the MCP server's question of a task in input_required",
    description:
      'The task shows input_request {message, requested_schema} while an upstream server asks (elicitation); it runs on once answered. ' +
      'On a replica that does not run the task, the answer goes to the one that does, and the reply is the task once that replica applied it (or as it stands after 2 s).',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors('task_not_found', 'conflict', 'invalid_arguments', ...BODY_ERRORS)
  input(@Param('task_id') taskId: string, @Body() body: TaskInputDto): Promise<TaskDto> {
    return this.router.answer(taskId, body);
  }

  @Delete(':task_id')
  @HttpCode(202)
  @RequiresScope('invoke')
  @ApiOperation({
    summary: 'Cancel the task; the MCP server is told (notifications/cancelled)',
    description:
      'A task that already finished is left as it is. On a replica that does not run the task, the cancel goes to the one that does, and the reply is the task once cancelled (or as it stands after 2 s).',
  })
  @ApiAcceptedResponse({ type: TaskDto })
  @ApiErrors('task_not_found')
  cancel(@Param('task_id') taskId: string): Promise<TaskDto> {
    return this.router.cancel(taskId);
  }
}
