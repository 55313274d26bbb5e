import { Module } from '@nestjs/common';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { ToolPinsModule } from '../tool-pins/tool-pins.module';
import { ToolRegistryModule } from '../tool-registry/tool-registry.module';
import { ToolsetsModule } from '../toolsets/toolsets.module';
import { McpEndpointFactory } from './mcp-endpoint.factory';
import { McpForwarding } from './mcp-forwarding';
import { McpHttpController } from './mcp-http.controller';
import { McpListChanges } from './mcp-list-changes';
import { McpSessionsService } from './mcp-sessions.service';
import { McpToolIndex } from './mcp-tool-index';
import { ServerRequestRouter } from './server-request-router';
import { SharedUpstream } from './shared-upstream';

/** Patchbay as an MCP server: /mcp, /mcp/servers/{id}, /mcp/toolsets/{id} (streamable HTTP). */
@Module({
  imports: [
    ToolRegistryModule,
    McpClientModule,
    IntegrationRegistryModule,
    ToolsetsModule,
    ToolPinsModule,
  ],
  controllers: [McpHttpController],
  providers: [
    McpToolIndex,
    McpForwarding,
    SharedUpstream,
    ServerRequestRouter,
    McpEndpointFactory,
    McpSessionsService,
    McpListChanges,
  ],
})
export class McpServerModule {}
