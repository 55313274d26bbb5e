import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { RUN_STORE, RunDetail, RunQuery, RunRecord, RunStore, RunSummary } from './runs/run-store';

export type { RunOutcome, RunRecord } from './runs/run-store';

export const DEFAULT_RUNS_LIMIT = 100;

/**
 * Where every invocation ends: kept in the run store (on disk, written off the caller's
 * path), one `tool_run` log line, and one event for the metrics.
 */
@Injectable()
export class RunLog implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('ToolRuns');
  private readonly finished = new Subject<RunRecord>();
  private pending: { line: string; failed: boolean }[] = [];

  constructor(@Inject(RUN_STORE) private readonly store: RunStore) {}

  /** Every run as it is recorded (metrics listen here). */
  get recorded(): Observable<RunRecord> {
    return this.finished.asObservable();
  }

  record(run: RunRecord): void {
    this.store.append(run);
    this.finished.next(run);
    const failed = run.outcome !== 'ok' && run.outcome !== 'tool_error';
    // Built only when it will be written: this runs on every tool call.
    if (!Logger.isLevelEnabled(failed ? 'warn' : 'log')) return;
    // One structured line per invocation; never the arguments.
    const line = JSON.stringify({
      event: 'tool_run',
      run_id: run.run_id,
      tool: run.tool,
      binding: run.binding,
      caller: run.caller,
      duration_ms: run.duration_ms,
      outcome: run.outcome,
    });
    // Written once the event loop turns, after the response has gone out: a synchronous
    // write to stdout measured ~45 µs of each call's latency in the benchmark.
    if (this.pending.push({ line, failed }) === 1) setImmediate(() => this.flush());
  }

  /** The store's queue goes out while the database is still open (it closes after). */
  async onModuleDestroy(): Promise<void> {
    await this.store.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    this.finished.complete();
    await this.store.close();
  }

  private flush(): void {
    const lines = this.pending;
    this.pending = [];
    for (const { line, failed } of lines) {
      if (failed) this.logger.warn(line);
      else this.logger.log(line);
    }
  }

  list(query: Partial<RunQuery> = {}): Promise<RunSummary[]> {
    return this.store.query({ ...query, limit: query.limit ?? DEFAULT_RUNS_LIMIT });
  }

  get(runId: string): Promise<RunDetail | null> {
    return this.store.get(runId);
  }
}
