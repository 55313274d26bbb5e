import { ApiProperty } from '@nestjs/swagger';
import { SERVER_STATES } from '../../health/server-status.types';
import { ReplicaRecord } from '../replica.types';

/** One live replica as GET /api/v1/cluster shows it. */
export class ReplicaViewDto {
  @ApiProperty({ description: 'PATCHBAY_REPLICA_ID, or host-pid-random when unset' })
  replica_id!: string;
  @ApiProperty() host!: string;
  @ApiProperty({ type: String, format: 'date-time' }) started_at!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Its latest heartbeat' })
  last_seen_at!: string;
  @ApiProperty({ description: 'Runs schedules and other once-only work; exactly one leads' })
  leader!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...SERVER_STATES] },
    description: "Server id -> this replica's health state for it (each replica checks its own)",
  })
  servers!: Record<string, string>;
}

export const toReplicaView = (r: ReplicaRecord): ReplicaViewDto => ({
  replica_id: r.replicaId,
  host: r.host,
  started_at: r.startedAt.toISOString(),
  last_seen_at: r.lastSeenAt.toISOString(),
  leader: r.leader,
  servers: r.servers,
});
