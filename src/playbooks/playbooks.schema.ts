import Ajv from 'ajv';
import { SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from '../common/ids';
import { Parsed } from '../common/json-file';
import { PATCHBAY_EVENTS } from '../common/events';
import { FieldProblem, fieldProblems } from '../common/json-schema-problems';
import { Playbook, PlaybooksFile } from './playbook.types';
import { playbookProblems } from './playbook-checks';

/** Playbook ids follow server ids: no dots, slashes or NUL; 1–64 characters. */
export const PLAYBOOK_ID_PATTERN = SERVER_ID_PATTERN;

const trigger = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'webhook' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'cron'],
      properties: {
        type: { const: 'schedule' },
        cron: { type: 'string', minLength: 1, maxLength: 200 },
        timezone: { type: 'string', minLength: 1, maxLength: 100 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'event'],
      properties: { type: { const: 'event' }, event: { enum: [...PATCHBAY_EVENTS] } },
    },
  ],
};

const step = {
  type: 'object',
  additionalProperties: false,
  required: ['tool', 'args'],
  properties: {
    tool: { type: 'string', pattern: TOOL_NAME_PATTERN.source },
    args: { type: 'object' },
    timeout_ms: { type: 'integer', minimum: 100, maximum: 3_600_000 },
  },
};

export const playbookSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'enabled', 'trigger', 'steps'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    enabled: { type: 'boolean' },
    trigger,
    when: {},
    steps: { type: 'array', items: step, minItems: 1, maxItems: 50 },
    on_error: { enum: ['stop', 'continue'] },
    max_concurrent_runs: { type: 'integer', minimum: 1, maximum: 20 },
  },
};

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['playbooks'],
  properties: {
    playbooks: {
      type: 'object',
      propertyNames: { pattern: PLAYBOOK_ID_PATTERN.source },
      additionalProperties: playbookSchema,
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validateFile = ajv.compile<PlaybooksFile>(fileSchema);
const validatePlaybook = ajv.compile<Playbook>(playbookSchema);

/** Schema, templates and cron of one playbook; field names are relative to it. */
export function checkPlaybook(value: unknown): FieldProblem[] {
  if (!validatePlaybook(value)) return fieldProblems(validatePlaybook.errors ?? [], '(body)');
  return playbookProblems(value);
}

/** The file as the store reads it at start-up, on hand edits and before every write. */
export function parsePlaybooksFile(data: unknown): Parsed<PlaybooksFile> {
  if (!validateFile(data)) {
    const fields = fieldProblems(validateFile.errors ?? [], '(root)');
    return { ok: false, problems: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`) };
  }
  const problems = Object.entries(data.playbooks).flatMap(([id, playbook]) =>
    playbookProblems(playbook).map((f) => `playbooks.${id}.${f.field}: ${f.problems.join(', ')}`),
  );
  return problems.length ? { ok: false, problems } : { ok: true, value: data };
}
