import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresScope } from '../common/access/scopes';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ClusterService } from './cluster.service';
import { ReplicaViewDto, toReplicaView } from './dto/replica-view.dto';

@ApiTags('cluster')
@Controller('api/v1/cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  @RequiresScope('read')
  @ApiOperation({
    summary: "The live replicas, the leader, and each replica's state per server",
    description:
      'Database mode: every replica with a heartbeat in the last 10 s. File mode: this process, the leader.',
  })
  @ApiOkResponse({ type: [ReplicaViewDto] })
  @ApiErrors()
  async list(): Promise<ReplicaViewDto[]> {
    return (await this.cluster.replicas()).map(toReplicaView);
  }
}
