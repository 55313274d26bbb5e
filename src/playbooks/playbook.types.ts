import { PatchbayEventName } from '../common/events';

export type Trigger =
  | { type: 'webhook' }
  | { type: 'schedule'; cron: string; timezone?: string }
  | { type: 'event'; event: PatchbayEventName };

export interface PlaybookStep {
  tool: string;
  /** Every string in it is a JSON-e template over `{event, playbook, steps}`. */
  args: Record<string, unknown>;
  timeout_ms?: number;
}

/** One entry of config/playbooks.json (snake_case, as API.md shows). */
export interface Playbook {
  name: string;
  description?: string;
  enabled: boolean;
  trigger: Trigger;
  when?: unknown;
  steps: PlaybookStep[];
  on_error?: 'stop' | 'continue';
  max_concurrent_runs?: number;
}

export interface PlaybooksFile {
  playbooks: Record<string, Playbook>;
}

export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepRecord {
  tool: string;
  args: unknown;
  tool_run_id: string | null;
  outcome: string;
  duration_ms: number | null;
  error: { code: string; message: string } | null;
}

/** A run as GET /api/v1/playbooks/{id}/runs shows it. */
export interface PlaybookRun {
  run_id: string;
  playbook_id: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: RunOutcome;
  dry_run: boolean;
  depth: number;
  error: string | null;
  steps: StepRecord[];
}

/** What starts a run: the trigger kind, the event the templates see, and the nesting depth. */
export interface RunRequest {
  trigger: 'webhook' | 'schedule' | 'event' | 'manual';
  event: Record<string, unknown>;
  depth: number;
  dryRun?: boolean;
  /** Resolves when the run was accepted (its id), before it finishes. */
  onAccepted?: (run: PlaybookRun) => void;
}
