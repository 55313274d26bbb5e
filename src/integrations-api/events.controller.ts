import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { filter, map, merge } from 'rxjs';
import { HealthStatusService } from '../health/health-status.service';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { SecretsService } from '../secrets/secrets.service';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { processRedactor } from '../common/redact';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ServerViewMapper } from './server-view.mapper';

const KEEPALIVE_MS = 15_000;

@ApiTags('integrations')
@Controller('api/v1/integrations')
export class EventsController {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly health: HealthStatusService,
    private readonly view: ServerViewMapper,
    private readonly pins: ToolPinsService,
  ) {}

  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'Server-sent events: `event: server` with the whole server object on each change; `event: tool_pin` when a tool is held or approved',
  })
  @ApiOkResponse({
    description: 'An open stream of `event: server` messages; `data` is a server object.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors()
  stream(@Res() reply: FastifyReply): void {
    // The stream outlives the handler: Fastify must neither send nor serialise anything.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    const lastSent = new Map<string, string>();
    const subscription = merge(
      this.registry.changes.pipe(map((c) => c.serverId)),
      this.secrets.changes.pipe(map((c) => c.serverId)),
      this.health.changes,
    )
      .pipe(
        map((id) => this.registry.findServer(id)),
        filter((s) => s !== undefined),
      )
      .subscribe((server) => {
        const data = JSON.stringify(processRedactor.redactDeep(this.view.toDto(server)));
        // One edit reaches us from the registry and from health alike: send a change once.
        if (lastSent.get(server.id) === data || res.writableEnded) return;
        lastSent.set(server.id, data);
        res.write(`event: server\ndata: ${data}\n\n`);
      });
    const pinSubscription = this.pins.changes.subscribe(({ serverId, toolName, verdict }) => {
      if (res.writableEnded) return;
      const data = {
        server_id: serverId,
        tool_name: toolName,
        pin: {
          state: verdict.state,
          fingerprint: verdict.fingerprint,
          pinned_at: verdict.pinnedAt,
        },
        renamed_from: verdict.renamedFrom,
        difference: verdict.difference,
      };
      res.write(`event: tool_pin\ndata: ${JSON.stringify(processRedactor.redactDeep(data))}\n\n`);
    });
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    res.on('close', () => {
      clearInterval(keepalive);
      subscription.unsubscribe();
      pinSubscription.unsubscribe();
    });
  }
}
