import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** The parts of a tool that steer a model, as pinned (snake_case, like the wire). */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  output_schema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export function definitionOf(tool: Tool): ToolDefinition {
  return {
    name: tool.name,
    description: tool.description ?? '',
    input_schema: tool.inputSchema as Record<string, unknown>,
    ...(tool.outputSchema && { output_schema: tool.outputSchema as Record<string, unknown> }),
    ...(tool.annotations && { annotations: tool.annotations as Record<string, unknown> }),
  };
}

/** Keys sorted at every depth, no whitespace: the same definition always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export function fingerprint(def: ToolDefinition): string {
  return sha256(canonicalJson(def));
}

/** The fingerprint without the name: the same tool served under a new name has the same body. */
export function bodyFingerprint(def: ToolDefinition): string {
  return sha256(canonicalJson({ ...def, name: undefined }));
}

/** What differs between the pinned and the current definition, field by field. */
export function difference(
  before: ToolDefinition,
  after: ToolDefinition,
): { field: string; before: unknown; after: unknown }[] {
  const fields = ['name', 'description', 'input_schema', 'output_schema', 'annotations'] as const;
  return fields
    .filter((f) => canonicalJson(before[f] ?? null) !== canonicalJson(after[f] ?? null))
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}
