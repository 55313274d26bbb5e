import { Module } from '@nestjs/common';
import { ToolsetsController } from './toolsets.controller';
import { ToolsetsService } from './toolsets.service';

/** Toolsets: named tool subsets for /mcp/toolsets/{id}. Exports only the facade. */
@Module({
  controllers: [ToolsetsController],
  providers: [ToolsetsService],
  exports: [ToolsetsService],
})
export class ToolsetsModule {}
