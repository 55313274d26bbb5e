import { Body, Controller, Delete, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '../common/errors/catalogue';
import { ServerIdPipe } from '../common/id.pipe';
import { ApiErrors, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import { CREATE_SERVER_BODY, IMPORT_BODY } from './dto/create-server.schema';
import { ImportResultDto } from './dto/import-result.dto';
import { ServerDto } from './dto/server.dto';
import { ServerImportService } from './import/server-import.service';
import { ServerAdminService } from './server-admin.service';
import { ServerViewMapper } from './server-view.mapper';

@ApiTags('integrations')
@Controller('api/v1/integrations/mcp-servers')
export class ServerAdminController {
  constructor(
    private readonly admin: ServerAdminService,
    private readonly importer: ServerImportService,
    private readonly view: ServerViewMapper,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Add a server; persisted to config/mcp_servers.json (stdio only when allowed)',
  })
  @ApiBody({ schema: CREATE_SERVER_BODY })
  @ApiCreatedResponse({ type: ServerDto })
  @ApiErrors('validation_failed', 'stdio_from_api_disabled', 'conflict', ...BODY_ERRORS)
  async create(@Body() body: unknown): Promise<ServerDto> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new ValidationFailedError('The body must be a JSON object.');
    }
    return this.view.toDto(await this.admin.create(body as Record<string, unknown>));
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import a client config snippet (Claude Desktop, Cursor, VS Code); secrets go to the store',
  })
  @ApiBody({ schema: IMPORT_BODY })
  @ApiQuery({ name: 'dry_run', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiErrors('validation_failed', ...BODY_ERRORS)
  async import(
    @Body() body: unknown,
    @Query('dry_run') dryRun: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<ImportResultDto> {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
      throw new ValidationFailedError('dry_run: must be true or false.');
    }
    const dry = dryRun === 'true';
    const out = await this.importer.import(body, dry, req.raw.socket.localPort ?? 0);
    return {
      created: out.created.map((s) => (dry ? this.view.previewDto(s) : this.view.toDto(s))),
      skipped: out.skipped,
      placements: out.placements,
      dry_run: dry,
    };
  }

  @Delete(':server_id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a config-defined server: closes it, forgets its credentials, OAuth tokens and pins',
    description:
      '409 `conflict` for a built-in server, or one a route or playbook step still uses (`details.routes`, `details.playbooks`).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('validation_failed', 'server_not_found', 'conflict')
  async remove(@Param('server_id', ServerIdPipe) id: string): Promise<void> {
    await this.admin.remove(id);
  }
}
