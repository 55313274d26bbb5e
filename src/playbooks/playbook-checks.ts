import { validateCronExpression } from 'cron';
import { FieldProblem } from '../common/json-schema-problems';
import { Playbook, PlaybookStep } from './playbook.types';
import { templateProblem } from './playbook-templates';

/** Checks the schema cannot express: templates compile, cron and time zone are valid. */
export function playbookProblems(playbook: Playbook): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: string, problem: string | null) => {
    if (problem) out.push({ field, problems: [problem] });
  };
  if (playbook.when !== undefined) add('when', templateProblem(playbook.when));
  playbook.steps.forEach((step, i) => {
    for (const [key, value] of Object.entries(step.args)) {
      add(`steps[${i}].args.${key}`, templateProblem({ [key]: value }));
    }
  });
  const { trigger } = playbook;
  if (trigger.type === 'schedule') {
    add('trigger.cron', cronProblem(trigger.cron));
    if (trigger.timezone !== undefined) add('trigger.timezone', zoneProblem(trigger.timezone));
  }
  return out;
}

function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return 'must have 5 fields, or 6 with seconds first';
  const result = validateCronExpression(cron);
  return result.valid ? null : `is not a valid cron expression: ${result.error?.message}`;
}

function zoneProblem(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return null;
  } catch {
    return 'is not a known IANA time zone (e.g. Europe/Berlin)';
  }
}

/**
 * Whether a step calls the server: its tool is routed there, it is the `mcp_tool` proxy with
 * that literal `server_id`, or it is the server's tool as /mcp names it (`{server_id}__...`).
 */
export function stepUsesServer(step: PlaybookStep, serverId: string, routed: string[]): boolean {
  return (
    routed.includes(step.tool) ||
    (step.tool === 'mcp_tool' && step.args.server_id === serverId) ||
    step.tool.startsWith(`${serverId}__`)
  );
}
