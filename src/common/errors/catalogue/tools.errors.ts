import { PatchbayError } from '../patchbay.error';
import { FieldProblem } from '../../json-schema-problems';
import { processRedactor } from '../../redact';

/** Tools, routes, tasks and what a tool call answers with. */

export class ToolNotFoundError extends PatchbayError {
  constructor(name: string) {
    super('tool_not_found', `No tool is named "${name}"; GET /api/v1/execution/tools lists them.`, {
      tool: name,
    });
  }
}

export const serverToolNotFound = (serverId: string, toolName: string) =>
  new PatchbayError(
    'tool_not_found',
    `MCP server "${serverId}" has no tool "${toolName}"; GET /api/v1/integrations/mcp-servers/${serverId}/tools lists them.`,
    { server_id: serverId, tool_name: toolName },
  );

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

/** The server's structured output breaks the tool's declared output schema (as the SDK checks). */
export const outputMismatch = (serverId: string, toolName: string, problem: string) =>
  new PatchbayError(
    'mcp_protocol_error',
    `MCP server "${serverId}" returned structured content that does not match the output schema of "${toolName}": ${problem}`,
    { server_id: serverId, tool_name: toolName },
  );

export const outputMissing = (serverId: string, toolName: string) =>
  outputMismatch(
    serverId,
    toolName,
    'the tool declares an output schema but sent no structured content',
  );

export const toolListFailed = () =>
  new PatchbayError('mcp_protocol_error', 'Could not list the server tools.');

export const routeNotFound = (tool: string) =>
  new PatchbayError('route_not_found', `Tool "${tool}" has no route.`, { tool });

export const taskNotFound = (taskId: string) =>
  new PatchbayError(
    'task_not_found',
    `No task has the id "${taskId}" (tasks expire an hour after they finish).`,
    { task_id: taskId },
  );

/** A task whose replica stopped (killed, or shut down) before the task finished. */
export const taskOwnerLost = (ownerReplica: string) =>
  new PatchbayError(
    'tool_execution_failed',
    `The replica running this task (${ownerReplica}) stopped before it finished; its outcome is unknown.`,
    { owner_replica: ownerReplica },
  );

export const tooManyTasks = (max: number) =>
  new PatchbayError('conflict', `${max} tasks are running; wait for one to finish or cancel one.`);
