import { Injectable, Logger } from '@nestjs/common';
import { PatchbayError } from '../common/errors/catalogue';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { Tool } from '../mcp-client/mcp-client.types';
import { ArgsValidator } from './args-validator';
import { BindingResolver } from './binding-resolver';
import { toCallError } from './mcp-call.errors';
import { ExecuteOptions, JsonSchema, ToolArgs, ToolResult } from './tool.types';

/** Calls MCP server tools for the executor: schema lookup, argument check, call, errors. */
@Injectable()
export class McpInvoker {
  private readonly logger = new Logger(McpInvoker.name);

  constructor(
    private readonly client: McpClientService,
    private readonly validator: ArgsValidator,
    private readonly resolver: BindingResolver,
  ) {}

  /** The server tool's input schema. @throws 404 tool_not_found when it has no such tool. */
  async schemaOf(serverId: string, toolName: string): Promise<JsonSchema> {
    return (await this.describe(serverId, toolName)).inputSchema as JsonSchema;
  }

  /** The server's listing of one tool (cached by the client per connection). */
  async describe(serverId: string, toolName: string): Promise<Tool> {
    const problem = this.resolver.serverProblem(serverId);
    if (problem) throw problem.error;
    const tools = await this.client
      .listTools(serverId)
      .catch((err: unknown) => Promise.reject(toCallError(err, 'tools/list', serverId)));
    const tool = tools.find((t) => t.name === toolName);
    if (!tool) {
      throw new PatchbayError(
        'tool_not_found',
        `MCP server "${serverId}" has no tool "${toolName}"; GET /api/v1/integrations/mcp-servers/${serverId}/tools lists them.`,
        { server_id: serverId, tool_name: toolName },
      );
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
    serverId: string,
    toolName: string,
    args: ToolArgs,
    options: ExecuteOptions,
  ): Promise<ToolResult> {
    try {
      const result = await this.client.callTool(serverId, toolName, args, {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
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
      throw toCallError(err, `${serverId}/${toolName}`, serverId, options.signal);
    }
  }
}
