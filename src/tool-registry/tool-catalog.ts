import { Injectable } from '@nestjs/common';
import { DEFAULT_TIMEOUT_MS } from '../integration-registry/mcp-server.types';
import { PatchbayError, ValidationFailedError } from '../common/errors/catalogue';
import { TOOL_NAME_PATTERN } from '../common/ids';
import { ArgsValidator } from './args-validator';
import { DuplicateToolError, ToolExecutionError } from '../common/errors/catalogue';
import { RegisteredTool, ToolDefinition, ToolHandler, ToolResult } from './tool.types';

const ANY_OBJECT = { type: 'object' };

/** The local tools by name: checks definitions, fills defaults, wraps handlers. */
@Injectable()
export class ToolCatalog {
  private readonly tools = new Map<string, RegisteredTool & { source: string }>();

  constructor(private readonly validator: ArgsValidator) {}

  /** @throws DuplicateToolError, ValidationFailedError (bad name or schema) */
  add(def: ToolDefinition, source = 'register()'): RegisteredTool {
    if (typeof def.name !== 'string' || !TOOL_NAME_PATTERN.test(def.name)) {
      throw new ValidationFailedError(
        `Tool name "${String(def.name)}" from ${source} is invalid (letters, digits, _ - . /).`,
      );
    }
    const existing = this.tools.get(def.name);
    if (existing) throw new DuplicateToolError(def.name, existing.source, source);
    const inputSchema = def.inputSchema ?? ANY_OBJECT;
    try {
      this.validator.compile(inputSchema);
    } catch (err) {
      throw new ValidationFailedError(
        `Tool "${def.name}" from ${source} has an invalid input schema: ${(err as Error).message}`,
      );
    }
    const tool = {
      name: def.name,
      description: def.description ?? '',
      inputSchema,
      timeoutMs: def.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      run: wrap(def.name, def.handler),
      source,
    };
    this.tools.set(def.name, tool);
    return tool;
  }

  remove(name: string): boolean {
    return this.tools.delete(name);
  }

  get(name: string): RegisteredTool | undefined {
    return this.tools.get(name);
  }

  list(): RegisteredTool[] {
    return [...this.tools.values()];
  }
}

/** A throw becomes a ToolExecutionError; domain errors (422, 409, 504…) pass unchanged. */
function wrap(name: string, handler: ToolHandler): RegisteredTool['run'] {
  return async (args, ctx) => {
    try {
      return toResult(await handler(args, ctx));
    } catch (err) {
      if (err instanceof PatchbayError) throw err;
      throw new ToolExecutionError(name, err);
    }
  };
}

export function isToolResult(value: unknown): value is ToolResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

/** Plain values become one JSON text block (and structured content when an object). */
export function toResult(value: unknown): ToolResult {
  if (isToolResult(value)) return value;
  const text = value === undefined ? 'null' : JSON.stringify(value);
  const structured =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  return { content: [{ type: 'text', text }], structuredContent: structured };
}
