import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Subscription, skip } from 'rxjs';
import { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { HEARTBEAT_MS } from './cluster.constants';
import { LeaderService } from './leader.service';
import { ReplicaSelf } from './replica-self';
import { ReplicaStore } from './replica.store';

/**
 * Database mode: writes this replica's row every HEARTBEAT_MS (and at once when leadership
 * changes), and deletes it on a clean stop. The leader also clears stale rows.
 */
@Injectable()
export class ReplicaHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReplicaHeartbeat.name);
  private readonly store: ReplicaStore | null;
  private readonly subscription = new Subscription();
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;
  private failing: string | null = null;
  private stopped = false;

  constructor(
    @Inject(DATABASE) db: Database | null,
    private readonly self: ReplicaSelf,
    private readonly leader: LeaderService,
  ) {
    this.store = db ? new ReplicaStore(db) : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.store) return;
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
    this.subscription.add(this.leader.changes.pipe(skip(1)).subscribe(() => void this.beat()));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.subscription.unsubscribe();
    await this.beating;
    await this.store
      ?.remove(this.self.replicaId)
      .catch((err: Error) => this.logger.warn(`heartbeat row not removed: ${err.message}`));
  }

  /** One write at a time: a slow database skips beats rather than stacking them. */
  beat(): Promise<void> {
    if (this.beating || this.stopped || !this.store) return this.beating ?? Promise.resolve();
    const store = this.store;
    this.beating = this.write(store).finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async write(store: ReplicaStore): Promise<void> {
    try {
      const me = this.self.snapshot();
      await store.beat(me);
      if (me.leader) await store.leaderChores(me.replicaId);
      if (this.failing) this.logger.log('heartbeat written again');
      this.failing = null;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.failing) this.logger.warn(`heartbeat failed: ${message}`);
      this.failing = message;
    }
  }
}
