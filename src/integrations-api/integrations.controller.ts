import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CredentialNamePipe, ServerIdPipe } from '../common/id.pipe';
import { CredentialNotDeclaredError, ValidationFailedError } from '../common/errors/catalogue';
import { ApiErrors, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import { HealthStatusService } from '../health/health-status.service';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { SecretsService } from '../secrets/secrets.service';
import { PatchServerDto } from './dto/patch-server.dto';
import { IntegrationDto, ServerDto, StatusDto } from './dto/server.dto';
import { SetCredentialDto } from './dto/set-credential.dto';
import { ServerAdminService } from './server-admin.service';
import { ServerViewMapper, toIntegrationDto, toStatusDto } from './server-view.mapper';

@ApiTags('integrations')
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly admin: ServerAdminService,
    private readonly health: HealthStatusService,
    private readonly view: ServerViewMapper,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every integration and the id of its MCP server' })
  @ApiOkResponse({ type: [IntegrationDto] })
  @ApiErrors()
  listIntegrations(): IntegrationDto[] {
    return this.registry.listIntegrations().map(toIntegrationDto);
  }

  @Get('mcp-servers')
  @ApiOperation({ summary: 'Built-in servers overlaid by config/mcp_servers.json' })
  @ApiOkResponse({ type: [ServerDto] })
  @ApiErrors()
  listServers(): ServerDto[] {
    return this.registry.listServers().map((s) => this.view.toDto(s));
  }

  @Get('mcp-servers/:server_id')
  @ApiOperation({ summary: 'One server with its credentials (never their values) and status' })
  @ApiOkResponse({ type: ServerDto })
  @ApiErrors('validation_failed', 'server_not_found')
  getServer(@Param('server_id', ServerIdPipe) id: string): ServerDto {
    return this.view.toDto(this.registry.getServer(id));
  }

  @Patch('mcp-servers/:server_id')
  @ApiOperation({
    summary:
      'Enable, disable or edit a server; persisted before the answer (launch fields: config-defined servers only; stdio ones need PATCHBAY_ALLOW_STDIO_FROM_API=true)',
  })
  @ApiOkResponse({ type: ServerDto })
  @ApiErrors(
    'validation_failed',
    'server_not_found',
    'stdio_from_api_disabled',
    'conflict',
    'config_invalid',
    ...BODY_ERRORS,
  )
  async patchServer(
    @Param('server_id', ServerIdPipe) id: string,
    @Body() body: PatchServerDto,
  ): Promise<ServerDto> {
    const server = this.registry.getServer(id);
    if (Object.values(body).every((v) => v === undefined)) {
      throw new ValidationFailedError(
        'Give at least one of: enabled, name, description, timeout_ms, url, headers, command, args, env, cwd.',
      );
    }
    this.admin.checkPatch(server, { ...body });
    const updated = await this.registry.updateServer(server.id, body);
    return this.view.toDto(updated);
  }

  @Post('mcp-servers/:server_id/health-check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the server now' })
  @ApiOkResponse({ type: StatusDto })
  @ApiErrors('validation_failed', 'server_not_found')
  async healthCheck(@Param('server_id', ServerIdPipe) id: string): Promise<StatusDto> {
    return toStatusDto(await this.health.checkNow(id));
  }

  @Put('mcp-servers/:server_id/credentials/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Store a credential (encrypted); the server reconnects with it' })
  @ApiNoContentResponse({ description: 'Stored' })
  @ApiErrors('validation_failed', 'server_not_found', 'credential_not_found', ...BODY_ERRORS)
  async setCredential(
    @Param('server_id', ServerIdPipe) id: string,
    @Param('name', CredentialNamePipe) name: string,
    @Body() body: SetCredentialDto,
  ): Promise<void> {
    await this.secrets.set(this.declared(id, name), name, body.value);
  }

  @Delete('mcp-servers/:server_id/credentials/:name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a stored credential; the server reconnects without it' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors('validation_failed', 'server_not_found', 'credential_not_found')
  async deleteCredential(
    @Param('server_id', ServerIdPipe) id: string,
    @Param('name', CredentialNamePipe) name: string,
  ): Promise<void> {
    await this.secrets.remove(this.declared(id, name), name);
  }

  private declared(id: string, name: string) {
    const server = this.registry.getServer(id);
    if (!server.credentials.some((c) => c.name === name)) {
      throw new CredentialNotDeclaredError(
        id,
        name,
        server.credentials.map((c) => c.name),
      );
    }
    return server;
  }
}
