import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { ClusterController } from './cluster.controller';
import { ClusterService } from './cluster.service';
import { LeaderService } from './leader.service';
import { ReplicaHeartbeat } from './replica-heartbeat';
import { ReplicaSelf } from './replica-self';

/**
 * Replicas on one database: heartbeats, the leader chosen by an advisory lock, and
 * GET /api/v1/cluster. Exports LeaderService for modules with once-only work.
 */
@Module({
  imports: [HealthModule, IntegrationRegistryModule],
  controllers: [ClusterController],
  providers: [LeaderService, ReplicaSelf, ReplicaHeartbeat, ClusterService],
  exports: [LeaderService],
})
export class ClusterModule {}
