import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresScope } from '../common/access/scopes';
import { BodySchemaPipe } from '../common/body-schema.pipe';
import { TASK_BODY_SCHEMA, TaskBody } from './dto/invoke-body';
import { TaskCreatedDto, TaskDto } from './dto/execution-views.dto';
import { TaskService } from './task.service';

@ApiTags('execution')
@Controller('api/v1/execution/tasks')
export class TasksController {
  constructor(private readonly tasks: TaskService) {}

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
  async create(
    @Body(new BodySchemaPipe<TaskBody>(TASK_BODY_SCHEMA)) body: TaskBody,
  ): Promise<TaskCreatedDto> {
    const task = await this.tasks.create(body.tool, body.args ?? {}, body.timeout_ms);
    return { task_id: task.task_id, state: task.state };
  }

  @Get(':task_id')
  @ApiOperation({ summary: "State, the server's latest progress, and the result once done" })
  @ApiOkResponse({ type: TaskDto })
  @ApiResponse({ status: 404, description: 'task_not_found' })
  get(@Param('task_id') taskId: string): TaskDto {
    return this.tasks.get(taskId);
  }

  @Delete(':task_id')
  @HttpCode(202)
  @RequiresScope('invoke')
  @ApiOperation({
    summary: 'Cancel the task; the MCP server is told (notifications/cancelled)',
    description: 'A task that already finished is left as it is.',
  })
  @ApiAcceptedResponse({ type: TaskDto })
  @ApiResponse({ status: 404, description: 'task_not_found' })
  cancel(@Param('task_id') taskId: string): TaskDto {
    return this.tasks.cancel(taskId);
  }
}
