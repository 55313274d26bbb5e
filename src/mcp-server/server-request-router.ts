import { Injectable, OnModuleInit } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ServerToClientRequest } from '../mcp-client/mcp-client.types';

/** The client capability a server request needs. */
const WANTED = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
} as const;

interface InFlight {
  /** The upstream server the call goes to; null for a registry tool (any server). */
  serverId: string | null;
  downstream: Server;
  requestId: RequestId;
}

/**
 * Sends a server's elicitation, sampling or roots/list request to the downstream MCP client whose
 * call caused it, on that call's own stream. Over a shared connection the request names
 * no call, so the latest call still running on that server from a client that declared
 * the capability is taken; with none it passes (declined or refused unless a task asks).
 */
@Injectable()
export class ServerRequestRouter implements OnModuleInit {
  private readonly calls = new Set<InFlight>();

  constructor(private readonly client: McpClientService) {}

  onModuleInit(): void {
    this.client.addServerRequestHandler((serverId, request, signal) =>
      this.answer(serverId, request, signal),
    );
  }

  /** Runs a downstream tool call, known as in flight while it runs. */
  async track<T>(call: InFlight, work: () => Promise<T>): Promise<T> {
    this.calls.add(call);
    try {
      return await work();
    } finally {
      this.calls.delete(call);
    }
  }

  private answer(serverId: string, request: ServerToClientRequest, signal: AbortSignal) {
    const wanted = WANTED[request.method];
    const call = [...this.calls]
      .reverse()
      .find(
        (c) =>
          (c.serverId === serverId || c.serverId === null) &&
          c.downstream.getClientCapabilities()?.[wanted] !== undefined,
      );
    if (!call) return null;
    const options = { signal, relatedRequestId: call.requestId };
    switch (request.method) {
      case 'elicitation/create':
        return call.downstream.elicitInput(request.params, options);
      case 'sampling/createMessage':
        return call.downstream.createMessage(request.params, options);
      case 'roots/list':
        return call.downstream.listRoots(request.params, options);
    }
  }
}
