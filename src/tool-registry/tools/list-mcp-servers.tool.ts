import { Injectable } from '@nestjs/common';
import { IntegrationRegistryService } from '../../integration-registry/integration-registry.service';
import { SecretsService } from '../../secrets/secrets.service';
import { McpTool } from '../mcp-tool.decorator';
import { ToolArgs } from '../tool.types';

/** `list_mcp_servers`: what an agent needs to pick a `server_id` for `mcp_tool` or a route. */
@Injectable()
export class ListMcpServersTool {
  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
  ) {}

  @McpTool({
    name: 'list_mcp_servers',
    description:
      'Lists the configured MCP servers: id, name, transport, whether enabled and which credentials are missing.',
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled_only: { type: 'boolean', default: false, description: 'Only enabled servers.' },
      },
    },
  })
  list(args: ToolArgs) {
    const servers = this.registry
      .listServers()
      .filter((s) => args.enabled_only !== true || s.enabled)
      .map((s) => ({
        id: s.id,
        name: s.name,
        description: s.description,
        integration_id: s.integrationId,
        transport: s.transport,
        enabled: s.enabled,
        missing_credentials: this.secrets.missingRequired(s),
      }));
    return { servers, count: servers.length };
  }
}
