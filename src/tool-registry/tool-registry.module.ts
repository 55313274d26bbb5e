import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { patchbayConfig } from '../config/patchbay.config';
import { DiscoveryModule } from '@nestjs/core';
import { AdmissionModule } from '../admission/admission.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { McpClientModule } from '../mcp-client/mcp-client.module';
import { SecretsModule } from '../secrets/secrets.module';
import { ToolPinsModule } from '../tool-pins/tool-pins.module';
import { ArgsValidator } from './args-validator';
import { BindingResolver } from './binding-resolver';
import { ExecutionController } from './execution.controller';
import { McpInvoker } from './mcp-invoker';
import { RoutesController } from './routes.controller';
import { RunLog } from './run-log';
import { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { PgRunStore } from './runs/pg-run-store';
import { RUN_STORE } from './runs/run-store';
import { SqliteRunStore } from './runs/sqlite-run-store';
import { TaskInputs } from './task-input';
import { TaskService } from './task.service';
import { TASK_SHARING_PROVIDERS } from './tasks/task-sharing.providers';
import { TasksController } from './tasks.controller';
import { ToolCatalog } from './tool-catalog';
import { ToolExecutor } from './tool-executor';
import { ToolRegistryService } from './tool-registry.service';
import { ToolRoutesService } from './tool-routes.service';
import { ToolRoutesStore } from './tool-routes.store';
import { ToolExplorer } from './tool.explorer';
import { DeployTool } from './tools/deploy.tool';
import { ListMcpServersTool } from './tools/list-mcp-servers.tool';
import { McpProxyTool } from './tools/mcp-proxy.tool';

/** Local tools, MCP routes and the execution API. Exports only the facade. */
@Module({
  imports: [
    DiscoveryModule,
    AdmissionModule,
    McpClientModule,
    IntegrationRegistryModule,
    SecretsModule,
    ToolPinsModule,
  ],
  controllers: [ExecutionController, RoutesController, TasksController],
  providers: [
    ArgsValidator,
    ToolCatalog,
    ToolRoutesStore,
    ToolRoutesService,
    BindingResolver,
    McpInvoker,
    {
      provide: RUN_STORE,
      inject: [DATABASE, patchbayConfig.KEY],
      useFactory: (db: Database | null, config: ConfigType<typeof patchbayConfig>) =>
        db
          ? new PgRunStore(db, config.runsRetentionDays)
          : new SqliteRunStore(join(config.dataDir, 'runs.sqlite'), config.runsRetentionDays),
    },
    RunLog,
    ToolExecutor,
    TaskInputs,
    TaskService,
    ...TASK_SHARING_PROVIDERS,
    ToolRegistryService,
    ToolExplorer,
    DeployTool,
    ListMcpServersTool,
    McpProxyTool,
  ],
  exports: [ToolRegistryService],
})
export class ToolRegistryModule {}
