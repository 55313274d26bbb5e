import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { patchbayConfig } from '../config/patchbay.config';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { HealthStatusService } from './health-status.service';
import { HealthStatusStore } from './health-status.store';
import { SecretsService } from '../secrets/secrets.service';
import { Subscription, filter, map, merge } from 'rxjs';

export const HEALTH_INTERVAL_NAME = 'patchbay-health-check';
const FIRST_CHECK_NAME = 'patchbay-health-first-check';

/** What one tick did (tests and logs read it). */
export interface TickReport {
  /** True when the previous tick was still running, so this one did nothing. */
  skipped: boolean;
  /** Servers pinged. */
  checked: number;
  /** Servers not pinged: disabled or missing a credential. */
  gated: number;
  /** The most checks that ran at once (never above the concurrency limit). */
  maxInFlight: number;
  durationMs: number;
}

/**
 * Checks every enabled server on an interval from config (PATCHBAY_HEALTH_INTERVAL_MS),
 * in parallel up to PATCHBAY_HEALTH_CONCURRENCY. The interval goes through SchedulerRegistry
 * so tests can find it and call `tick()` directly instead of waiting.
 */
@Injectable()
export class HealthCheckJob implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HealthCheckJob.name);
  private running = false;
  private last: (TickReport & { finishedAt: Date }) | null = null;
  private subscription?: Subscription;
  private readonly soon = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
    private readonly scheduler: SchedulerRegistry,
    private readonly registry: IntegrationRegistryService,
    private readonly health: HealthStatusService,
    private readonly store: HealthStatusStore,
    private readonly secrets: SecretsService,
  ) {}

  onModuleInit(): void {
    const every = this.config.healthIntervalMs;
    // A first sweep soon after start-up, so the status is known before the first interval ends.
    const first = setTimeout(() => void this.tick(), this.config.healthFirstCheckMs);
    first.unref();
    this.scheduler.addTimeout(FIRST_CHECK_NAME, first);
    this.subscription = merge(
      this.registry.changes.pipe(
        filter((c) => c.after?.enabled === true && c.before?.enabled !== true),
        map((c) => c.serverId),
      ),
      this.secrets.changes.pipe(map((c) => c.serverId)),
    ).subscribe((id) => this.checkSoon(id));
    // Plain intervals overlap; tick() itself skips while the previous one still runs.
    const handle = setInterval(() => void this.tick(), every);
    handle.unref();
    this.scheduler.addInterval(HEALTH_INTERVAL_NAME, handle);
    this.store.nextCheckAt = new Date(Date.now() + every);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    for (const timer of this.soon.values()) clearTimeout(timer);
    this.soon.clear();
    if (this.scheduler.doesExist('timeout', FIRST_CHECK_NAME))
      this.scheduler.deleteTimeout(FIRST_CHECK_NAME);
    if (this.scheduler.doesExist('interval', HEALTH_INTERVAL_NAME)) {
      this.scheduler.deleteInterval(HEALTH_INTERVAL_NAME);
    }
    this.store.nextCheckAt = null;
  }

  get intervalMs(): number {
    return this.config.healthIntervalMs;
  }

  /** The last sweep, for GET /api/v1/health. */
  get lastTick(): (TickReport & { finishedAt: Date }) | null {
    return this.last;
  }

  /** A server just enabled or given a credential is checked shortly, not at the next interval. */
  private checkSoon(serverId: string): void {
    clearTimeout(this.soon.get(serverId));
    const timer = setTimeout(() => {
      this.soon.delete(serverId);
      const server = this.registry.findServer(serverId);
      if (server && this.health.refreshGate(server)) {
        void this.health.checkNow(serverId, 'scheduled').catch(() => undefined);
      }
    }, this.config.healthFirstCheckMs);
    timer.unref();
    this.soon.set(serverId, timer);
  }

  /** Runs one round of checks; never throws (a job has nobody to throw to). */
  async tick(): Promise<TickReport> {
    if (this.running) {
      this.logger.debug('Previous health check still running; skipping this tick.');
      return { skipped: true, checked: 0, gated: 0, maxInFlight: 0, durationMs: 0 };
    }
    this.running = true;
    const started = performance.now();
    this.store.nextCheckAt = new Date(Date.now() + this.config.healthIntervalMs);
    try {
      const servers = this.registry.listServers();
      // Gates are read without touching the client: a disabled server is never started.
      const due = servers.filter((s) => this.health.refreshGate(s)).map((s) => s.id);
      const maxInFlight = await runLimited(due, this.config.healthConcurrency, (id) =>
        this.health.checkNow(id, 'scheduled'),
      );
      const durationMs = Math.round(performance.now() - started);
      this.logger.debug(`Checked ${due.length} servers in ${durationMs} ms.`);
      const report = {
        skipped: false,
        checked: due.length,
        gated: servers.length - due.length,
        maxInFlight,
        durationMs,
      };
      this.last = { ...report, finishedAt: new Date() };
      return report;
    } finally {
      this.running = false;
    }
  }
}

/**
 * Runs `work` over `items` with at most `limit` at once; failures are logged by the work
 * itself and ignored here. @returns the highest concurrency reached
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  let active = 0;
  let peak = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      active += 1;
      peak = Math.max(peak, active);
      try {
        await work(item);
      } catch {
        // A server removed mid-tick (ServerNotFoundError); the rest still run.
      } finally {
        active -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return peak;
}
