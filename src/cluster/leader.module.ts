import { Module } from '@nestjs/common';
import { LeaderService } from './leader.service';

/**
 * Just the leader election, for modules with once-only work (schedules, pruning): it needs
 * only the database, so any module can import it without the cluster's other parts.
 */
@Module({
  providers: [LeaderService],
  exports: [LeaderService],
})
export class LeaderModule {}
