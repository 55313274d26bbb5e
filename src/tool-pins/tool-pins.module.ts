import { Module } from '@nestjs/common';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { ToolPinsService } from './tool-pins.service';
import { ToolPinsStore } from './tool-pins.store';

/** Tool pinning: fingerprints in data/tool_pins.json and the check every MCP call passes. */
@Module({
  imports: [McpClientModule],
  providers: [ToolPinsStore, ToolPinsService],
  exports: [ToolPinsService],
})
export class ToolPinsModule {}
