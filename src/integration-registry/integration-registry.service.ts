import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ServerNotFoundError } from '../common/errors/catalogue';
import { IntegrationStore, ServerPatch } from './integration.store';
import { Integration, McpServerConfig, ServerChange } from './mcp-server.types';
import { ServerEntry } from './mcp-servers.schema';

/** The registry's facade: what the rest of Patchbay may read and change. */
@Injectable()
export class IntegrationRegistryService {
  constructor(private readonly store: IntegrationStore) {}

  listIntegrations(): Integration[] {
    return this.store.current.integrations;
  }

  listServers(): McpServerConfig[] {
    return [...this.store.current.servers.values()];
  }

  findServer(id: string): McpServerConfig | undefined {
    return this.store.current.servers.get(id);
  }

  /** @throws ServerNotFoundError */
  getServer(id: string): McpServerConfig {
    const server = this.findServer(id);
    if (!server) throw new ServerNotFoundError(id);
    return server;
  }

  updateServer(id: string, patch: ServerPatch): Promise<McpServerConfig> {
    return this.store.patch(this.getServer(id), patch);
  }

  /** @throws PatchbayError `conflict` when the id exists, `validation_failed` for a bad entry */
  createServer(id: string, entry: ServerEntry): Promise<McpServerConfig> {
    return this.store.create(id, entry);
  }

  /** Forgets a config-defined server; its connection and process group close on the change. */
  removeServer(id: string): Promise<void> {
    return this.store.remove(id);
  }

  /** Problems the entry would have in config/mcp_servers.json (empty when it would load). */
  checkEntry(id: string, entry: ServerEntry): string[] {
    return this.store.check(id, entry);
  }

  /** Emits after every effective change: API edits and hand edits of the file alike. */
  get changes(): Observable<ServerChange> {
    return this.store.changes.asObservable();
  }

  reload(): Promise<void> {
    return this.store.reload();
  }
}
