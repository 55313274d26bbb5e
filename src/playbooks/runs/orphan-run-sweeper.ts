import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { LeaderService } from '../../cluster/leader.service';
import { REPLICA_LIVENESS, ReplicaLiveness } from '../../database/replica-liveness';
import { PLAYBOOK_RUN_STORE, PlaybookRunStore } from './playbook-run-store';
import { PgPlaybookRunStore } from './pg-playbook-run-store';

const SWEEP_MS = 30_000;

/**
 * Database mode, on the leader: playbook runs left `running` by a replica that died (killed,
 * its connections gone) are marked failed, as that replica would mark them when it starts
 * again with the same id, which a replica with a random id never does.
 */
@Injectable()
export class OrphanRunSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrphanRunSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PLAYBOOK_RUN_STORE) private readonly runs: PlaybookRunStore,
    private readonly leader: LeaderService,
    @Optional() @Inject(REPLICA_LIVENESS) private readonly liveness: ReplicaLiveness | null = null,
  ) {}

  onApplicationBootstrap(): void {
    if (!(this.runs instanceof PgPlaybookRunStore) || !this.liveness) return;
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** @returns the replicas whose runs were marked. */
  async sweep(): Promise<string[]> {
    const runs = this.runs;
    if (!(runs instanceof PgPlaybookRunStore) || !this.liveness || !this.leader.isLeader()) {
      return [];
    }
    const marked: string[] = [];
    try {
      for (const id of await runs.replicasWithRunningRuns()) {
        if (await this.liveness.isAlive(id)) continue;
        await runs.markInterrupted(id);
        marked.push(id);
      }
    } catch (err) {
      this.logger.warn(`sweep of interrupted playbook runs failed: ${(err as Error).message}`);
    }
    return marked;
  }
}
