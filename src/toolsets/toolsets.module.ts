import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ToolsetsController } from './toolsets.controller';
import { ToolsetsService } from './toolsets.service';

/** Toolsets: named tool subsets for /mcp/toolsets/{id}. Exports only the facade. */
@Module({
  // A toolset an API key is limited to cannot be deleted (the key would reach nothing).
  imports: [ApiKeysModule],
  controllers: [ToolsetsController],
  providers: [ToolsetsService],
  exports: [ToolsetsService],
})
export class ToolsetsModule {}
