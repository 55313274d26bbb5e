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
import { Subject } from 'rxjs';
import { internalError, serverExists, serverInBaseConfig } from '../common/errors/catalogue';
import { patchbayConfig } from '../config/patchbay.config';
import { Documents } from '../database/documents';
import { DEFAULT_INTEGRATIONS } from './default-integrations';
import { McpServerConfig, ServerChange } from './mcp-server.types';
import { ServerEntry } from './mcp-servers.schema';
import { Catalog, buildCatalog, patchEntry } from './server-catalog';
import { ServerLayers } from './server-layers';

/** The built-in servers alone, built once: PATCH compares against them to store only differences. */
const BUILT_IN = buildCatalog(DEFAULT_INTEGRATIONS, { mcp_servers: {} });

export type ServerPatch = Partial<
  Pick<
    ServerEntry,
    | 'enabled'
    | 'name'
    | 'description'
    | 'timeout_ms'
    | 'url'
    | 'headers'
    | 'command'
    | 'args'
    | 'env'
    | 'cwd'
  >
>;

/** Owns the server definitions (ServerLayers) and the merged catalog built from them. */
@Injectable()
export class IntegrationStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IntegrationStore.name);
  private readonly layers: ServerLayers;
  private catalog: Catalog;
  readonly changes = new Subject<ServerChange>();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() documents: Documents = Documents.files(),
  ) {
    this.layers = new ServerLayers(join(config.configDir, 'mcp_servers.json'), documents);
    this.catalog = buildCatalog(DEFAULT_INTEGRATIONS, this.layers.merged());
  }

  // Watching starts here, not in the constructor: a start that fails later must leave no watcher.
  onModuleInit(): void {
    this.layers.watch(() => this.apply('hand edit or another replica'));
  }

  get current(): Catalog {
    return this.catalog;
  }

  defaultServer(id: string): McpServerConfig | undefined {
    return BUILT_IN.servers.get(id);
  }

  async patch(server: McpServerConfig, patch: ServerPatch): Promise<McpServerConfig> {
    // Over a base file the built-in values are not what an entry falls back to: keep all.
    const defaults = this.layers.overlay ? undefined : this.defaultServer(server.id);
    await this.write((servers) => {
      const entry = patchEntry(servers[server.id], server, defaults, patch);
      if (entry) servers[server.id] = entry;
      else delete servers[server.id];
    });
    return this.written(server.id);
  }

  /** Adds a server defined only in config. @throws PatchbayError `conflict` when the id exists. */
  async create(id: string, entry: ServerEntry): Promise<McpServerConfig> {
    await this.write((servers) => {
      if (Object.hasOwn(servers, id) || this.catalog.servers.has(id)) {
        throw serverExists(id);
      }
      servers[id] = entry;
    });
    return this.written(id);
  }

  /**
   * Removes a config-defined server's entry; the client closes it on the change.
   * @throws PatchbayError `conflict` in database mode for a server of the read-only base file
   */
  async remove(id: string): Promise<void> {
    if (this.layers.inBase(id)) throw serverInBaseConfig(id);
    await this.write((servers) => {
      delete servers[id];
    });
  }

  /** Checks what the API would write against the start-up schema before writing it. */
  check(id: string, entry: ServerEntry): string[] {
    const servers = { ...this.layers.editable.value.mcp_servers, [id]: entry };
    return this.layers.check({ mcp_servers: servers });
  }

  private async write(change: (servers: Record<string, ServerEntry>) => void): Promise<void> {
    await this.layers.editable.update((file) => {
      const servers = { ...file.mcp_servers };
      change(servers);
      // The document refuses (500, nothing written) what its start-up parser would refuse;
      // requests are checked before this (check()), so reaching that is a bug.
      return { mcp_servers: servers };
    });
    this.apply('api');
  }

  private written(id: string): McpServerConfig {
    const updated = this.catalog.servers.get(id);
    if (!updated) throw internalError('The server vanished while it was updated.');
    return updated;
  }

  /** Re-reads the file (and the database document) now rather than waiting for the watcher. */
  reload(): Promise<void> {
    return this.layers.reload(() => this.apply('hand edit'));
  }

  onModuleDestroy(): void {
    this.layers.close();
    this.changes.complete();
  }

  private apply(why: string): void {
    const before = this.catalog;
    this.catalog = buildCatalog(DEFAULT_INTEGRATIONS, this.layers.merged());
    for (const change of diff(before.servers, this.catalog.servers)) {
      this.logger.log(`server_id=${change.serverId} ${change.kind} (${why})`);
      this.changes.next(change);
    }
  }
}

function diff(a: Map<string, McpServerConfig>, b: Map<string, McpServerConfig>): ServerChange[] {
  const out: ServerChange[] = [];
  for (const [id, after] of b) {
    const before = a.get(id) ?? null;
    if (!before) out.push({ serverId: id, kind: 'added', before, after });
    else if (JSON.stringify(before) !== JSON.stringify(after)) {
      out.push({ serverId: id, kind: 'updated', before, after });
    }
  }
  for (const [id, before] of a) {
    if (!b.has(id)) out.push({ serverId: id, kind: 'removed', before, after: null });
  }
  return out;
}
