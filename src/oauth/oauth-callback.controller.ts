import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiPublic } from '../common/openapi/api-errors.decorator';
import type { FastifyReply } from 'fastify';
import { OAuthService } from './oauth.service';

/**
 * Outside /api: the authorization server sends the browser to the callback, and fetches
 * the client ID metadata document; neither carries Patchbay's token (see request-guards).
 */
@ApiTags('oauth')
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly oauth: OAuthService) {}

  @Get('callback')
  @ApiOperation({
    summary:
      'Where the authorization server returns the browser: exchanges the code, then redirects to the UI',
  })
  @ApiResponse({ status: 302, description: 'authorized; redirects to the UI' })
  @ApiPublic('oauth_state_invalid', 'oauth_failed')
  async callback(
    @Query() query: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const serverId = await this.oauth.complete({
      state: one(query.state),
      code: one(query.code),
      error: one(query.error),
      error_description: one(query.error_description),
    });
    const target = `/?oauth=authorized&server_id=${encodeURIComponent(serverId)}`;
    await reply.status(302).header('location', target).send();
  }

  @Get('client-metadata.json')
  @ApiOperation({ summary: "Patchbay's OAuth client ID metadata document" })
  @ApiOkResponse({ description: 'client metadata (RFC 7591 fields)' })
  @ApiPublic()
  metadata(): Record<string, unknown> {
    return this.oauth.clientMetadataDocument();
  }
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
