import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RawBodyRequest } from '../common/json-body.parser';
import { ApiPublic, BODY_ERRORS } from '../common/openapi/api-errors.decorator';
import { WebhookAcceptedDto } from './dto/playbook.dto';
import { PlaybookIdPipe } from './playbooks.controller';
import { PlaybooksService } from './playbooks.service';

/** `POST /hooks/{playbook_id}`: for senders outside; the HMAC signature replaces the token. */
@ApiTags('playbooks')
@Controller('hooks')
export class HooksController {
  constructor(private readonly playbooks: PlaybooksService) {}

  @Post(':playbook_id')
  @HttpCode(202)
  @ApiOperation({
    summary: "Deliver a webhook to a playbook, signed with the playbook's webhook secret",
    description:
      'X-Hub-Signature-256 (or X-Patchbay-Signature-256): sha256=<hex HMAC-SHA256 of the raw body>. ' +
      'A redelivery (same X-GitHub-Delivery or webhook-id within 24 h) answers 202 without a second run.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiAcceptedResponse({ type: WebhookAcceptedDto })
  @ApiPublic('unauthorized', 'validation_failed', 'conflict', 'rate_limited', ...BODY_ERRORS)
  deliver(
    @Param('playbook_id', PlaybookIdPipe) id: string,
    @Body() body: unknown,
    @Req() req: RawBodyRequest,
  ): Promise<WebhookAcceptedDto> {
    return this.playbooks.deliver(id, req.rawBody ?? Buffer.alloc(0), body, req.headers);
  }
}
