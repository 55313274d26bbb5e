import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { Subscription } from 'rxjs';
import { LeaderService } from '../cluster/leader.service';
import { SERVER_STATUS_CHANGED, TASK_FINISHED, TOOL_RUN_FINISHED } from '../common/events';
import { Playbook, RunRequest } from './playbook.types';
import { PlaybookRunner } from './playbook-runner';
import { PlaybooksStore } from './playbooks.store';

const JOB_PREFIX = 'playbook:';

/**
 * Starts playbooks from schedules (cron jobs in Nest's SchedulerRegistry, rebuilt whenever
 * the file changes) and from Patchbay's own events. A failing run is logged, never thrown.
 * Schedules run on the leader only (LeaderService): started when this replica becomes the
 * leader, stopped when it stops being it, so a tick runs once across replicas; the same
 * goes for `server.status_changed` events.
 */
@Injectable()
export class PlaybookTriggers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PlaybookTriggers.name);
  private readonly subscription = new Subscription();
  /** Scheduled playbooks with a run going: a tick then is skipped, not doubled. */
  private readonly ticking = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: PlaybooksStore,
    private readonly runner: PlaybookRunner,
    private readonly scheduler: SchedulerRegistry,
    private readonly leader: LeaderService,
  ) {}

  onApplicationBootstrap(): void {
    // `changes` starts with the current value: this first sync is the start-up one.
    this.subscription.add(this.leader.changes.subscribe(() => this.syncSchedules()));
    this.subscription.add(this.store.changes.subscribe(() => this.syncSchedules()));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.subscription.unsubscribe();
    this.removeSchedules();
  }

  /** The same on every replica: a follower computes the time the leader's job will fire. */
  nextRunAt(id: string): string | null {
    const name = JOB_PREFIX + id;
    if (this.scheduler.doesExist('cron', name)) {
      return this.scheduler.getCronJob(name).nextDate().toUTC().toISO();
    }
    const trigger = this.store.get(id)?.trigger;
    if (trigger?.type !== 'schedule') return null;
    try {
      return new CronTime(trigger.cron, trigger.timezone ?? null).sendAt().toUTC().toISO();
    } catch {
      return null;
    }
  }

  @OnEvent(SERVER_STATUS_CHANGED)
  @OnEvent(TOOL_RUN_FINISHED)
  @OnEvent(TASK_FINISHED)
  onPatchbayEvent(event: { type: string }, depth = 0): void {
    if (this.stopped) return;
    // Every replica checks its servers itself and sees the same change: the leader's view
    // alone starts playbooks, or a PATCH would run them once per replica. Tool runs and
    // tasks finish on one replica only, so those run where they happened.
    if (event.type === SERVER_STATUS_CHANGED && !this.leader.isLeader()) return;
    for (const [id, playbook] of this.store.all()) {
      const { trigger } = playbook;
      if (!playbook.enabled || trigger.type !== 'event' || trigger.event !== event.type) continue;
      this.start(id, playbook, { trigger: 'event', event: { ...event }, depth: depth + 1 });
    }
  }

  /** Runs in the background; whatever happens is the run's outcome or a log line. */
  start(id: string, playbook: Playbook, req: RunRequest): Promise<unknown> {
    return this.runner.run(id, playbook, req).catch((err: unknown) => {
      this.logger.error(`playbook_id=${id} run crashed: ${(err as Error).message}`);
    });
  }

  private syncSchedules(): void {
    this.removeSchedules();
    if (this.stopped || !this.leader.isLeader()) return;
    for (const [id, playbook] of this.store.all()) {
      const { trigger } = playbook;
      if (!playbook.enabled || trigger.type !== 'schedule') continue;
      try {
        const job = CronJob.from({
          cronTime: trigger.cron,
          timeZone: trigger.timezone ?? null,
          onTick: () => this.tick(id),
          start: false,
        });
        this.scheduler.addCronJob(JOB_PREFIX + id, job);
        job.start();
      } catch (err) {
        this.logger.error(`playbook_id=${id} schedule not started: ${(err as Error).message}`);
      }
    }
  }

  /** Reads the playbook at tick time, so an edit applies to the next tick without a restart. */
  private tick(id: string): void {
    const playbook = this.store.get(id);
    if (!playbook || this.stopped) return;
    if (this.ticking.has(id)) {
      this.logger.warn(`playbook_id=${id} tick skipped: the previous scheduled run is going`);
      return;
    }
    this.ticking.add(id);
    const event = { type: 'schedule', at: new Date().toISOString() };
    void this.start(id, playbook, { trigger: 'schedule', event, depth: 0 }).finally(() =>
      this.ticking.delete(id),
    );
  }

  private removeSchedules(): void {
    for (const name of this.scheduler.getCronJobs().keys()) {
      if (!name.startsWith(JOB_PREFIX)) continue;
      this.scheduler.getCronJob(name).stop();
      this.scheduler.deleteCronJob(name);
    }
  }
}
