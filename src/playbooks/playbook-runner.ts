import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { PatchbayError } from '../common/errors/catalogue';
import { PLAYBOOK_RUN_FINISHED, playbookRunFinished } from '../common/events';
import { ToolRegistryService } from '../tool-registry/tool-registry.service';
import { Playbook, PlaybookRun, RunRequest } from './playbook.types';
import { PLAYBOOK_RUN_STORE, PlaybookRunStore } from './runs/playbook-run-store';
import { dryRun, emptyStep, newRun, now } from './playbook-run.records';
import { TemplateContext, render, whenHolds } from './playbook-templates';

/** Playbooks started by a playbook's own steps stop here (loop protection). */
export const MAX_DEPTH = 3;
/** Runs waiting per playbook when `max_concurrent_runs` are going; more are `skipped`. */
export const MAX_QUEUED_RUNS = 10;

interface Lane {
  active: number;
  queue: (() => void)[];
}

/**
 * Runs playbooks: `when`, then each step rendered and called through the tool registry's one
 * admission path (`caller: "playbook"`), honouring `max_concurrent_runs` with a bounded queue.
 * Never throws for a run that fails: the failure is the run's outcome. Every finished run
 * (not a dry run) is announced as `playbook_run.finished`.
 */
@Injectable()
export class PlaybookRunner {
  private readonly logger = new Logger(PlaybookRunner.name);
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly registry: ToolRegistryService,
    @Inject(PLAYBOOK_RUN_STORE) private readonly runs: PlaybookRunStore,
    @Optional() private readonly events?: EventEmitter2,
  ) {}

  /** Resolves with the finished run, or null when `when` or the depth limit left it out. */
  async run(id: string, playbook: Playbook, req: RunRequest): Promise<PlaybookRun | null> {
    if (req.depth > MAX_DEPTH) {
      this.logger.warn(`playbook_id=${id} not started: nested deeper than ${MAX_DEPTH} levels`);
      return null;
    }
    const context = contextOf(id, playbook, req.event);
    const run = newRun(id, req);
    try {
      if (!whenHolds(playbook.when, context)) {
        if (req.trigger !== 'manual') return null;
        return this.close(run, 'skipped', 'The playbook\'s "when" did not hold.');
      }
    } catch (err) {
      return this.close(run, 'failed', `"when" could not be rendered: ${(err as Error).message}`);
    }
    if (req.dryRun) return dryRun(run, playbook, context);
    const lane = this.lane(id);
    if (lane.active >= (playbook.max_concurrent_runs ?? 1) && !this.enqueue(lane)) {
      req.onAccepted?.(run);
      return this.close(run, 'skipped', 'Too many runs of this playbook are going or waiting.');
    }
    // The turn is taken before the first await, so concurrent starts count against the lane.
    const turn = this.waitTurn(lane, playbook);
    await this.persist(run);
    req.onAccepted?.(run);
    await turn;
    try {
      return await this.steps(run, playbook, context, req.depth);
    } finally {
      this.release(lane);
    }
  }

  private async steps(run: PlaybookRun, pb: Playbook, ctx: TemplateContext, depth: number) {
    for (const step of pb.steps) {
      const record = await this.step(step, ctx, depth);
      run.steps.push(record);
      await this.persist(run);
      if (record.outcome !== 'ok' && (pb.on_error ?? 'stop') === 'stop') break;
    }
    const failed = run.steps.find((s) => s.outcome !== 'ok');
    const error = failed ? `Step ${run.steps.indexOf(failed)} (${failed.tool}) failed.` : null;
    return this.close(run, failed ? 'failed' : 'succeeded', error);
  }

  private async step(step: Playbook['steps'][number], ctx: TemplateContext, depth: number) {
    const record = emptyStep(step.tool, 'ok');
    const t0 = performance.now();
    try {
      const args = render(step.args, ctx) as Record<string, unknown>;
      record.args = args;
      const options = { caller: 'playbook', timeoutMs: step.timeout_ms, playbookDepth: depth };
      const result = await this.registry.execute(step.tool, args, options);
      Object.assign(record, { tool_run_id: result.run_id, duration_ms: result.duration_ms });
      if (result.is_error) {
        record.outcome = 'tool_error';
        record.error = { code: 'tool_error', message: 'The tool answered with an error.' };
      }
      ctx.steps.push({ tool: step.tool, args, result, outcome: record.outcome });
    } catch (err) {
      const e = err instanceof PatchbayError ? err : null;
      record.outcome = e?.code ?? 'template_error';
      record.error = { code: record.outcome, message: (err as Error).message };
      record.duration_ms = Math.round(performance.now() - t0);
      ctx.steps.push({ tool: step.tool, args: record.args, result: null, outcome: record.outcome });
    }
    return record;
  }

  private async close(run: PlaybookRun, outcome: PlaybookRun['outcome'], error: string | null) {
    Object.assign(run, { outcome, error, finished_at: now() });
    await this.persist(run);
    if (outcome === 'failed')
      this.logger.warn(`playbook_id=${run.playbook_id} run failed: ${error}`);
    this.events?.emit(PLAYBOOK_RUN_FINISHED, playbookRunFinished(run));
    return run;
  }

  /** A run goes on when its record cannot be written (the store is down): logged, not thrown. */
  private async persist(run: PlaybookRun): Promise<void> {
    try {
      await this.runs.save(run);
    } catch (err) {
      this.logger.warn(
        `playbook_id=${run.playbook_id} run ${run.run_id} not saved: ${(err as Error).message}`,
      );
    }
  }

  private lane(id: string): Lane {
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = { active: 0, queue: [] }));
    return lane;
  }

  private enqueue(lane: Lane): boolean {
    return lane.queue.length < MAX_QUEUED_RUNS;
  }

  private waitTurn(lane: Lane, playbook: Playbook): Promise<void> {
    if (lane.active < (playbook.max_concurrent_runs ?? 1)) {
      lane.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => lane.queue.push(resolve)); // release() hands its slot over
  }

  private release(lane: Lane): void {
    const next = lane.queue.shift();
    if (next) next();
    else lane.active--;
  }
}

function contextOf(id: string, playbook: Playbook, event: Record<string, unknown>) {
  const { name, description, trigger } = playbook;
  return { event, playbook: { id, name, description: description ?? null, trigger }, steps: [] };
}
