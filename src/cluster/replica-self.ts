import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { hostname } from 'node:os';
import { patchbayConfig } from '../config/patchbay.config';
import { HealthStatusService } from '../health/health-status.service';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { LeaderService } from './leader.service';
import { ReplicaRecord } from './replica.types';

/** This process as a replica: its id, host, start time, leadership and health view. */
@Injectable()
export class ReplicaSelf {
  readonly replicaId: string;
  readonly host = hostname();
  readonly startedAt = new Date();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    private readonly leader: LeaderService,
    private readonly registry: IntegrationRegistryService,
    private readonly health: HealthStatusService,
  ) {
    this.replicaId = config.replicaId;
  }

  /** As it stands now (`lastSeenAt`: now). */
  snapshot(): ReplicaRecord {
    return {
      replicaId: this.replicaId,
      host: this.host,
      startedAt: this.startedAt,
      lastSeenAt: new Date(),
      leader: this.leader.isLeader(),
      servers: this.serverStates(),
    };
  }

  /** Each configured server's state as this replica's health view has it. */
  serverStates(): Record<string, string> {
    const states: Record<string, string> = {};
    for (const server of this.registry.listServers()) {
      states[server.id] = this.health.getStatus(server.id).state;
    }
    return states;
  }
}
