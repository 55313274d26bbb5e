import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { BehaviorSubject, Observable } from 'rxjs';
import { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { AdvisoryLeaderLock } from './advisory-leader-lock';

/**
 * Whether this replica leads: the one that runs once-only work (schedules, pruning). In
 * database mode the holder of the leader's advisory lock; in file mode this process, always.
 */
@Injectable()
export class LeaderService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LeaderService.name);
  private readonly state: BehaviorSubject<boolean>;
  private readonly lock: AdvisoryLeaderLock | null;
  private closing = false;

  constructor(@Inject(DATABASE) db: Database | null) {
    this.state = new BehaviorSubject(db === null);
    this.lock = db ? new AdvisoryLeaderLock(db.url, (leader) => this.changed(leader)) : null;
  }

  isLeader(): boolean {
    return this.state.value;
  }

  /** The current value at once, then every change. */
  get changes(): Observable<boolean> {
    return this.state.asObservable();
  }

  /** The first try is awaited, so schedules start on a lone replica's bootstrap. */
  async onModuleInit(): Promise<void> {
    await this.lock?.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.lock?.close();
    this.state.complete();
  }

  private changed(leader: boolean): void {
    if (leader) this.logger.log('this replica is now the leader');
    else if (this.closing) this.logger.log('the leader steps down: shutting down');
    else this.logger.warn('this replica is no longer the leader');
    this.state.next(leader);
  }
}
