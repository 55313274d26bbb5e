import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { DATABASE } from '../database/database.tokens';
import { ReplicaSelf } from './replica-self';
import { ReplicaStore } from './replica.store';
import { ReplicaRecord } from './replica.types';

/** The live replicas: the heartbeat rows in database mode, this process alone in file mode. */
@Injectable()
export class ClusterService {
  private readonly store: ReplicaStore | null;

  constructor(
    @Inject(DATABASE) db: Database | null,
    private readonly self: ReplicaSelf,
  ) {
    this.store = db ? new ReplicaStore(db) : null;
  }

  async replicas(): Promise<ReplicaRecord[]> {
    return this.store ? this.store.live() : [this.self.snapshot()];
  }
}
