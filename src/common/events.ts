/**
 * Patchbay's in-process events (published on @nestjs/event-emitter's bus). The payloads are
 * the contract's (API.md, "Playbooks"); publishers build them with these helpers so each
 * emit stays one line.
 */
export const SERVER_STATUS_CHANGED = 'server.status_changed';
export const TOOL_RUN_FINISHED = 'tool_run.finished';
export const TASK_FINISHED = 'task.finished';

/** Internal only (observability counts it); not a playbook trigger. */
export const PLAYBOOK_RUN_FINISHED = 'playbook_run.finished';

export const PATCHBAY_EVENTS = [SERVER_STATUS_CHANGED, TOOL_RUN_FINISHED, TASK_FINISHED] as const;
export type PatchbayEventName = (typeof PATCHBAY_EVENTS)[number];

export interface ServerStatusChangedEvent {
  type: typeof SERVER_STATUS_CHANGED;
  server_id: string;
  from: string;
  to: string;
  error: string | null;
  at: string;
}

export interface ToolRunFinishedEvent {
  type: typeof TOOL_RUN_FINISHED;
  run_id: string;
  tool: string;
  binding: unknown;
  caller: string;
  outcome: string;
  duration_ms: number;
  at: string;
}

export interface TaskFinishedEvent {
  type: typeof TASK_FINISHED;
  task_id: string;
  tool: string;
  state: string;
  run_id: string | null;
  at: string;
}

export interface PlaybookRunFinishedEvent {
  type: typeof PLAYBOOK_RUN_FINISHED;
  run_id: string;
  playbook_id: string;
  trigger: string;
  outcome: string;
  at: string;
}

export function playbookRunFinished(run: {
  run_id: string;
  playbook_id: string;
  trigger: string;
  outcome: string;
}): PlaybookRunFinishedEvent {
  const { run_id, playbook_id, trigger, outcome } = run;
  return { type: PLAYBOOK_RUN_FINISHED, run_id, playbook_id, trigger, outcome, at: now() };
}

export function serverStatusChanged(
  serverId: string,
  change: { from: string; to: string; error: string | null },
): ServerStatusChangedEvent {
  const { from, to, error } = change;
  return { type: SERVER_STATUS_CHANGED, server_id: serverId, from, to, error, at: now() };
}

export function toolRunFinished(run: Omit<ToolRunFinishedEvent, 'type' | 'at'>) {
  const { run_id, tool, binding, caller, outcome, duration_ms } = run;
  const event = { run_id, tool, binding, caller, outcome, duration_ms };
  return { type: TOOL_RUN_FINISHED, ...event, at: now() } as ToolRunFinishedEvent;
}

export function taskFinished(task: {
  task_id: string;
  tool: string;
  state: string;
  result: { run_id: string } | null;
}): TaskFinishedEvent {
  const { task_id, tool, state } = task;
  return {
    type: TASK_FINISHED,
    task_id,
    tool,
    state,
    run_id: task.result?.run_id ?? null,
    at: now(),
  };
}

const now = () => new Date().toISOString();
