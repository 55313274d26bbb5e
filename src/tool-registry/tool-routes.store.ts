import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { schemaParser } from '../common/schema-file';
import { StoredDocument } from '../common/stored-document';
import { Documents } from '../database/documents';
import { Observable, Subject } from 'rxjs';
import { patchbayConfig } from '../config/patchbay.config';
import { RouteEntry, TOOL_ROUTES_SCHEMA, ToolRoutesFile } from './tool-routes.schema';

export interface ToolRoute {
  tool: string;
  serverId: string;
  toolName: string;
}

/** Owns config/tool_routes.json: atomic serialised writes, hand edits picked up. */
@Injectable()
export class ToolRoutesStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ToolRoutesStore.name);
  private readonly file: StoredDocument<ToolRoutesFile>;
  private readonly changed = new Subject<void>();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() documents: Documents = Documents.files(),
  ) {
    this.file = documents.document(
      'tool_routes',
      join(config.configDir, 'tool_routes.json'),
      schemaParser<ToolRoutesFile>(TOOL_ROUTES_SCHEMA),
      () => ({ tool_routes: {} }),
    );
  }

  // Watching starts here, not in the constructor: a start that fails later must leave no watcher.
  onModuleInit(): void {
    this.file.watch(() => {
      this.logger.log('tool routes reloaded (hand edit or another replica)');
      this.changed.next();
    });
  }

  /** Fires after every change of the routes (API or hand edit). */
  get changes(): Observable<void> {
    return this.changed.asObservable();
  }

  list(): ToolRoute[] {
    return Object.entries(this.file.value.tool_routes)
      .map(([tool, entry]) => toRoute(tool, entry))
      .sort((a, b) => a.tool.localeCompare(b.tool));
  }

  get(tool: string): ToolRoute | undefined {
    const entry = Object.hasOwn(this.file.value.tool_routes, tool)
      ? this.file.value.tool_routes[tool]
      : undefined;
    return entry && toRoute(tool, entry);
  }

  async set(route: ToolRoute): Promise<ToolRoute> {
    await this.file.update((file) => ({
      tool_routes: {
        ...file.tool_routes,
        [route.tool]: { server_id: route.serverId, tool_name: route.toolName },
      },
    }));
    this.changed.next();
    return route;
  }

  /** @returns false when there was no route. */
  async remove(tool: string): Promise<boolean> {
    if (!this.get(tool)) return false;
    await this.file.update((file) => {
      const rest = { ...file.tool_routes };
      delete rest[tool];
      return { tool_routes: rest };
    });
    this.changed.next();
    return true;
  }

  /** Re-reads the file now rather than waiting for the watcher. */
  reload(): Promise<void> {
    return this.file.reload(() => this.changed.next());
  }

  onModuleDestroy(): void {
    this.file.close();
    this.changed.complete();
  }
}

const toRoute = (tool: string, entry: RouteEntry): ToolRoute => ({
  tool,
  serverId: entry.server_id,
  toolName: entry.tool_name,
});
