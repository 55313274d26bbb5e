import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BodySchemaPipe } from '../common/body-schema.pipe';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import {
  PlaybookDto,
  PlaybookRunDto,
  PlaybookViewDto,
  RUN_BODY_SCHEMA,
  RunBody,
  SECRET_BODY_SCHEMA,
  SecretBody,
} from './dto/playbook.dto';
import { PlaybookRun } from './playbook.types';
import { PLAYBOOK_ID_PATTERN } from './playbooks.schema';
import { PlaybookView, PlaybooksService } from './playbooks.service';

export const PlaybookIdPipe = new IdPipe(PLAYBOOK_ID_PATTERN, 'playbook id');

@ApiTags('playbooks')
@Controller('api/v1/playbooks')
export class PlaybooksController {
  constructor(private readonly playbooks: PlaybooksService) {}

  @Get()
  @ApiOperation({ summary: 'Every playbook, with its last run and next scheduled run' })
  @ApiOkResponse({ type: [PlaybookViewDto] })
  @ApiErrors()
  list(): Promise<PlaybookView[]> {
    return this.playbooks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One playbook' })
  @ApiOkResponse({ type: PlaybookViewDto })
  @ApiErrors('validation_failed', 'playbook_not_found')
  get(@Param('id', PlaybookIdPipe) id: string): Promise<PlaybookView> {
    return this.playbooks.get(id);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Create or replace a playbook; persisted to config/playbooks.json before the answer',
    description: 'Templates, cron and time zone are checked: validation_failed names the field.',
  })
  @ApiBody({ type: PlaybookDto })
  @ApiOkResponse({ type: PlaybookViewDto })
  @ApiErrors('validation_failed', 'config_invalid', ...BODY_ERRORS)
  put(@Param('id', PlaybookIdPipe) id: string, @Body() body: unknown): Promise<PlaybookView> {
    return this.playbooks.put(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a playbook, its webhook secret and its runs' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('validation_failed', 'playbook_not_found', 'config_invalid')
  async remove(@Param('id', PlaybookIdPipe) id: string): Promise<void> {
    await this.playbooks.remove(id);
  }

  @Put(':id/webhook-secret')
  @HttpCode(204)
  @ApiOperation({ summary: "Set the playbook's webhook secret (stored encrypted, never shown)" })
  @ApiBody({ schema: SECRET_BODY_SCHEMA })
  @ApiNoContentResponse({ description: 'Stored' })
  @ApiErrors('validation_failed', 'playbook_not_found', ...BODY_ERRORS)
  async setSecret(
    @Param('id', PlaybookIdPipe) id: string,
    @Body(new BodySchemaPipe<SecretBody>(SECRET_BODY_SCHEMA)) body: SecretBody,
  ): Promise<void> {
    await this.playbooks.setWebhookSecret(id, body.value);
  }

  @Post(':id/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run now and answer the finished run; a dry run calls nothing' })
  @ApiBody({ schema: RUN_BODY_SCHEMA, required: false })
  @ApiOkResponse({ type: PlaybookRunDto })
  @ApiErrors('validation_failed', 'playbook_not_found', ...BODY_ERRORS)
  run(
    @Param('id', PlaybookIdPipe) id: string,
    @Body(new BodySchemaPipe<RunBody>(RUN_BODY_SCHEMA)) body: RunBody,
  ): Promise<PlaybookRun> {
    return this.playbooks.runNow(id, body.event ?? {}, body.dry_run === true);
  }

  @Get(':id/runs')
  @ApiOperation({ summary: "The playbook's runs, newest first" })
  @ApiOkResponse({ type: [PlaybookRunDto] })
  @ApiErrors('validation_failed', 'playbook_not_found')
  runs(@Param('id', PlaybookIdPipe) id: string): Promise<PlaybookRun[]> {
    return this.playbooks.listRuns(id);
  }
}
