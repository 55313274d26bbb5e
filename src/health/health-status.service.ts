import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { SecretsService } from '../secrets/secrets.service';
import { ServerStatus } from './server-status.types';

/** The health facade: each server's status, checks on demand, and a stream of changes. (Skeleton.) */
@Injectable()
export class HealthStatusService {
  private readonly changed = new Subject<string>();

  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
    private readonly client: McpClientService,
  ) {}

  /** Emits a server id whenever that server's status changes. */
  get changes(): Observable<string> {
    return this.changed.asObservable();
  }

  getStatus(serverId: string): ServerStatus {
    const server = this.registry.getServer(serverId);
    const state = !server.enabled
      ? 'disabled'
      : this.secrets.missingRequired(server).length > 0
        ? 'needs_credentials'
        : 'unknown';
    return {
      state,
      checkedAt: null,
      latencyMs: null,
      toolCount: null,
      error: null,
      consecutiveFailures: 0,
      nextCheckAt: null,
    };
  }

  async checkNow(serverId: string): Promise<ServerStatus> {
    this.registry.getServer(serverId);
    return this.getStatus(serverId);
  }
}
