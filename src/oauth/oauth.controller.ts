import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ServerIdPipe } from '../common/id.pipe';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { OAuthService } from './oauth.service';
import { OAuthStatusView } from './oauth-status';

class AuthorizeResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Open it in a browser; null when no person is needed (client_credentials)',
  })
  authorization_url!: string | null;
}

class OAuthStatusDto implements OAuthStatusView {
  @ApiProperty({ enum: ['authorized', 'needs_authorization', 'not_required'] })
  state!: OAuthStatusView['state'];
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: String, nullable: true }) expires_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) client_id!: string | null;
  @ApiProperty({ enum: ['pre_registered', 'metadata_document', 'dynamic'], nullable: true })
  registration!: OAuthStatusView['registration'];
  @ApiProperty({ type: String, nullable: true }) authorization_server!: string | null;
  @ApiProperty({ enum: ['authorization_code', 'client_credentials'] })
  grant_type!: OAuthStatusView['grant_type'];
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
}

/** Upstream OAuth of one MCP server (API.md "Upstream OAuth"). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/integrations/mcp-servers/:server_id/oauth')
export class OAuthController {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly oauth: OAuthService,
  ) {}

  @Post('authorize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start an authorization: the URL a person opens (PKCE, state)' })
  @ApiOkResponse({ type: AuthorizeResponseDto })
  @ApiResponse({ status: 404, description: 'server_not_found' })
  @ApiResponse({ status: 409, description: 'conflict: a stdio server has no OAuth' })
  @ApiResponse({ status: 502, description: 'oauth_failed: discovery or registration failed' })
  authorize(@Param('server_id', ServerIdPipe) id: string): Promise<AuthorizeResponseDto> {
    return this.oauth.authorize(this.registry.getServer(id));
  }

  @Get()
  @ApiOperation({ summary: 'OAuth state, scopes, expiry and client of the server (no token)' })
  @ApiOkResponse({ type: OAuthStatusDto })
  @ApiResponse({ status: 404, description: 'server_not_found' })
  status(@Param('server_id', ServerIdPipe) id: string): OAuthStatusDto {
    return this.oauth.status(this.registry.getServer(id));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the tokens, revoking them where the server supports it' })
  @ApiResponse({ status: 204, description: 'forgotten' })
  @ApiResponse({ status: 404, description: 'server_not_found' })
  async forget(@Param('server_id', ServerIdPipe) id: string): Promise<void> {
    await this.oauth.forget(this.registry.getServer(id));
  }
}
