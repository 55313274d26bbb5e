import { PatchbayError } from '../common/errors/patchbay.error';
import { FieldProblem } from '../common/json-schema-problems';
import { processRedactor } from '../common/redact';

export class ToolNotFoundError extends PatchbayError {
  constructor(name: string) {
    super('tool_not_found', `No tool is named "${name}"; GET /api/v1/execution/tools lists them.`, {
      tool: name,
    });
  }
}

export class DuplicateToolError extends PatchbayError {
  constructor(name: string, existing: string, incoming: string) {
    super(
      'conflict',
      `Tool "${name}" is registered twice (by ${existing} and by ${incoming}); tool names must be unique.`,
      { tool: name },
    );
  }
}

export class InvalidArgumentsError extends PatchbayError {
  constructor(tool: string, fields: FieldProblem[]) {
    const summary = fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ');
    super(
      'invalid_arguments',
      `Arguments of "${tool}" do not match its input schema: ${summary}.`,
      {
        tool,
        fields,
      },
    );
  }
}

/** A local handler threw: the message is kept (redacted), the stack is not exposed. */
export class ToolExecutionError extends PatchbayError {
  constructor(tool: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'tool_execution_failed',
      `Tool "${tool}" failed: ${processRedactor.redact(reason).slice(0, 500)}`,
      { tool },
      { cause },
    );
  }
}

export class ToolTimeoutError extends PatchbayError {
  constructor(tool: string, timeoutMs: number) {
    super('tool_timeout', `Tool "${tool}" did not finish within ${timeoutMs} ms.`, {
      tool,
      timeout_ms: timeoutMs,
    });
  }
}

export class ToolCancelledError extends PatchbayError {
  constructor(tool: string) {
    super('tool_cancelled', `The call of "${tool}" was cancelled.`, { tool });
  }
}
