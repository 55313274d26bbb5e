import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { IntegrationRegistryModule } from '../integration-registry/integration-registry.module';
import { ClusterController } from './cluster.controller';
import { ClusterService } from './cluster.service';
import { LeaderModule } from './leader.module';
import { ReplicaHeartbeat } from './replica-heartbeat';
import { ReplicaSelf } from './replica-self';

/** Replicas on one database: heartbeats and GET /api/v1/cluster (the leader: LeaderModule). */
@Module({
  imports: [LeaderModule, HealthModule, IntegrationRegistryModule],
  controllers: [ClusterController],
  providers: [ReplicaSelf, ReplicaHeartbeat, ClusterService],
})
export class ClusterModule {}
