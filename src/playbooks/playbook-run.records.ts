import { randomUUID } from 'node:crypto';
import { Playbook, PlaybookRun, RunRequest, StepRecord } from './playbook.types';
import { TemplateContext, render } from './playbook-templates';

export function emptyStep(tool: string, outcome: string): StepRecord {
  return { tool, args: null, tool_run_id: null, outcome, duration_ms: null, error: null };
}

/** Renders every step as a run would, with a placeholder for each result, and calls nothing. */
export function dryRun(run: PlaybookRun, playbook: Playbook, ctx: TemplateContext): PlaybookRun {
  run.dry_run = true;
  for (const step of playbook.steps) {
    const record = emptyStep(step.tool, 'dry_run');
    try {
      record.args = render(step.args, ctx);
    } catch (err) {
      record.outcome = 'template_error';
      record.error = { code: 'template_error', message: (err as Error).message };
    }
    run.steps.push(record);
    ctx.steps.push({
      tool: step.tool,
      args: record.args,
      result: dryResult(step.tool),
      outcome: 'dry_run',
    });
  }
  const failed = run.steps.some((s) => s.error);
  return { ...run, outcome: failed ? 'failed' : 'succeeded', finished_at: now() };
}

export function newRun(playbookId: string, req: RunRequest): PlaybookRun {
  return {
    run_id: randomUUID(),
    playbook_id: playbookId,
    trigger: req.trigger,
    started_at: now(),
    finished_at: null,
    outcome: 'running',
    dry_run: false,
    depth: req.depth,
    error: null,
    steps: [],
  };
}

/** What a later step sees of a step a dry run did not call. */
function dryResult(tool: string) {
  const content: unknown[] = [];
  return {
    tool,
    binding: null,
    is_error: false,
    content,
    structured_content: null,
    duration_ms: 0,
    run_id: 'dry-run',
  };
}

export const now = () => new Date().toISOString();
