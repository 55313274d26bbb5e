import { Injectable, Logger } from '@nestjs/common';
import type { AdmittedServer } from '../admission/admission-gate';
import { ToolCancelledError, serverToolNotFound } from '../common/errors/catalogue';
import { PatchbayError } from '../common/errors/catalogue';
import { toPatchbayError } from '../mcp-client/mcp-client.errors';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { Tool } from '../mcp-client/mcp-client.types';
import { ToolPinsService } from '../tool-pins/tool-pins.service';
import { ArgsValidator } from './args-validator';
import { ExecuteOptions, JsonSchema, ToolArgs, ToolResult } from './tool.types';

/**
 * Calls MCP server tools for the executor: schema lookup, argument check, call, errors.
 * Every method takes a server the admission gate let through; none checks it again.
 */
@Injectable()
export class McpInvoker {
  private readonly logger = new Logger(McpInvoker.name);

  constructor(
    private readonly client: McpClientService,
    private readonly validator: ArgsValidator,
    private readonly pins: ToolPinsService,
  ) {}

  /** The server tool's input schema. @throws 404 tool_not_found when it has no such tool. */
  async schemaOf(server: AdmittedServer, toolName: string): Promise<JsonSchema> {
    return (await this.describe(server, toolName)).inputSchema as JsonSchema;
  }

  /**
   * The server's listing of one tool (cached by the client per connection). Every MCP call
   * (invoke, routes, `mcp_tool`, tasks, playbooks, /mcp) and every routed tool's listing
   * passes here after the admission gate. @throws ToolChangedError (409) when the tool is not
   * the pinned definition
   */
  async describe(server: AdmittedServer, toolName: string): Promise<Tool> {
    const tools = await this.client
      .listTools(server)
      .catch((err: unknown) => Promise.reject(callError(err, 'tools/list', server.id)));
    const tool = tools.find((t) => t.name === toolName);
    if (!tool) throw serverToolNotFound(server.id, toolName);
    // The per-tool half of admission: the gate admits the server, the pin the tool.
    this.pins.assertToolUnchanged(server.id, tool);
    return tool;
  }

  /**
   * The tool from the server's cached listing, without a round trip; undefined when not
   * cached, the ToolChangedError when its pin holds it.
   */
  describeCached(server: AdmittedServer, toolName: string): Tool | PatchbayError | undefined {
    const tool = this.client.cachedTools(server.id)?.find((t) => t.name === toolName);
    if (!tool) return undefined;
    try {
      this.pins.assertToolUnchanged(server.id, tool);
    } catch (err) {
      if (err instanceof PatchbayError) return err;
      throw err;
    }
    return tool;
  }

  /** Checks `args` against a server schema; an uncompilable server schema is left to the server. */
  check(label: string, schema: JsonSchema, args: ToolArgs): void {
    try {
      this.validator.compile(schema);
    } catch (err) {
      this.logger.warn(`input schema of ${label} does not compile, not checked: ${String(err)}`);
      return;
    }
    this.validator.check(label, schema, args);
  }

  async call(
    server: AdmittedServer,
    toolName: string,
    args: ToolArgs,
    options: ExecuteOptions,
  ): Promise<ToolResult> {
    try {
      const result = await this.client.callTool(server, toolName, args, {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        onQueue: options.onQueue,
        onProgress: (p) =>
          options.onProgress?.({
            progress: p.progress,
            total: p.total ?? null,
            message: p.message ?? null,
          }),
      });
      return {
        content: result.content,
        structuredContent: result.structuredContent,
        isError: result.isError === true,
      };
    } catch (err) {
      throw callError(err, `${server.id}/${toolName}`, server.id, options.signal);
    }
  }
}

/** Our own cancellation wins over whatever the call failed with; the rest is the client's mapper. */
function callError(err: unknown, label: string, serverId: string, signal?: AbortSignal) {
  if (signal?.aborted) return new ToolCancelledError(label);
  if (err instanceof PatchbayError) return err;
  return toPatchbayError(err, { serverId, phase: 'call' });
}
