import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { TOOL_NAME_PATTERN } from '../../common/ids';

/** POST /api/v1/execution/tools/{name}/invoke */
export interface InvokeBody {
  args?: Record<string, unknown>;
  timeout_ms?: number;
}

/** POST /api/v1/execution/tasks: an invocation that runs in the background. */
export interface TaskBody extends InvokeBody {
  tool: string;
}

const invokeProperties = {
  args: {
    type: 'object',
    additionalProperties: true,
    description:
      "The tool's arguments, checked against its input schema (422 when they fail). Default {}.",
  },
  timeout_ms: {
    type: 'integer',
    minimum: 1,
    maximum: 3_600_000,
    description: "Shortens the call's time limit (the server's timeout_ms, default 60000).",
  },
};

/** Checked by BodySchemaPipe and shown in /api/docs: one schema for both. */
export const INVOKE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: invokeProperties,
};

export const TASK_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['tool'],
  properties: {
    tool: { type: 'string', pattern: TOOL_NAME_PATTERN.source, description: 'The tool to run.' },
    ...invokeProperties,
  },
};
