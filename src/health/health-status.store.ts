import { Injectable } from '@nestjs/common';
import { HealthRecord, newRecord, sameSignature, signature } from './health-status.rules';
import { HealthCheckEntry, ServerState } from './server-status.types';

/** What an update did: whether anything event-worthy changed, and the state move. */
export interface RecordChange {
  changed: boolean;
  from: ServerState;
  to: ServerState;
  error: string | null;
}

/** In-memory health records, one per server id; the status survives nothing but a restart. */
@Injectable()
export class HealthStatusStore {
  private readonly records = new Map<string, HealthRecord>();
  private nextTick: Date | null = null;

  /** When the scheduled job runs next (null when it is not scheduled). */
  get nextCheckAt(): Date | null {
    return this.nextTick;
  }

  set nextCheckAt(at: Date | null) {
    this.nextTick = at;
  }

  /** A read-only view; a server never seen reads as a fresh `unknown` record. */
  peek(serverId: string): Readonly<HealthRecord> {
    return this.records.get(serverId) ?? newRecord();
  }

  history(serverId: string): HealthCheckEntry[] {
    return this.peek(serverId).history.map((h) => ({ ...h }));
  }

  /** Applies `mutate` to the server's record and reports what changed. */
  update(serverId: string, mutate: (r: HealthRecord) => void): RecordChange {
    let record = this.records.get(serverId);
    if (!record) {
      record = newRecord();
      this.records.set(serverId, record);
    }
    const before = signature(record.status);
    const from = record.status.state;
    mutate(record);
    return {
      changed: !sameSignature(signature(record.status), before),
      from,
      to: record.status.state,
      error: record.status.error,
    };
  }

  delete(serverId: string): boolean {
    return this.records.delete(serverId);
  }
}
