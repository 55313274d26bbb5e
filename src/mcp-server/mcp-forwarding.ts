import { Injectable } from '@nestjs/common';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { PatchbayError } from '../common/errors/catalogue';
import { processRedactor } from '../common/redact';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ServerCapabilities } from '../mcp-client/mcp-client.types';
import { LIST_WAIT_MS } from './mcp-tool-index';

type Result = Record<string, unknown>;

/**
 * Requests other than tool calls (resources, prompts, completion, logging) passed to a
 * server over its one shared connection. The server's own JSON-RPC error goes back as it
 * was; Patchbay's failures (down, timeout) become an internal error naming the code.
 */
@Injectable()
export class McpForwarding {
  constructor(
    private readonly client: McpClientService,
    private readonly servers: IntegrationRegistryService,
  ) {}

  async forward(
    serverId: string,
    method: string,
    params: Result | undefined,
    signal?: AbortSignal,
  ): Promise<Result> {
    try {
      const result = await this.client.request(serverId, { method, params }, { signal });
      return processRedactor.redactDeep(result);
    } catch (err) {
      throw toMcpError(err);
    }
  }

  /** Enabled, connected servers that declared `capability` at their handshake. */
  serversWith(capability: keyof ServerCapabilities): string[] {
    return this.servers
      .listServers()
      .filter((s) => s.enabled && this.client.serverCapabilities(s.id)?.[capability])
      .map((s) => s.id);
  }

  capabilities(serverId: string): ServerCapabilities | null {
    return this.client.serverCapabilities(serverId);
  }

  /**
   * Asks every server in `ids` the same list request (first page) at once; a server that
   * fails or does not answer within the listing wait is left out (fail open).
   */
  async gather(ids: string[], method: string, signal?: AbortSignal): Promise<[string, Result][]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>(
      (resolve) => (timer = setTimeout(() => resolve(null), LIST_WAIT_MS)),
    );
    const answers = await Promise.all(
      ids.map((id) =>
        Promise.race([this.forward(id, method, undefined, signal).catch(() => null), late]).then(
          (r): [string, Result] | null => (r ? [id, r] : null),
        ),
      ),
    );
    clearTimeout(timer);
    return answers.filter((a): a is [string, Result] => a !== null);
  }
}

export function toMcpError(err: unknown): McpError {
  if (err instanceof McpError) return err;
  if (err instanceof PatchbayError) {
    const cause = err.cause;
    if (cause instanceof McpError && cause.code !== ErrorCode.RequestTimeout) {
      const message = cause.message.replace(/^MCP error -?\d+: /, '');
      return new McpError(cause.code, processRedactor.redact(message), cause.data);
    }
    return new McpError(
      ErrorCode.InternalError,
      processRedactor.redact(`${err.code}: ${err.message}`),
    );
  }
  return new McpError(ErrorCode.InternalError, 'The request failed inside Patchbay.');
}
