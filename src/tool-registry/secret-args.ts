import { REDACTED, processRedactor } from '../common/redact';
import { JsonSchema } from './tool.types';

const MAX_DEPTH = 20;

const asSchema = (value: unknown): JsonSchema | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;

/** A property the schema marks secret: `format: password`, `x-secret: true` or `writeOnly`. */
export function isSecretSchema(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  return schema.format === 'password' || schema['x-secret'] === true || schema.writeOnly === true;
}

/** A nested object that is checked against another schema (the args `mcp_tool` passes on). */
export interface InnerArgs {
  value: unknown;
  schema: JsonSchema;
}

/**
 * A copy of `value` safe to keep in the run log: every value whose schema marks it secret
 * is replaced, and known secret values are masked anywhere else.
 */
export function redactArgs(
  schema: JsonSchema | undefined,
  value: unknown,
  inner?: InnerArgs,
): unknown {
  return processRedactor.redactDeep(walk(schema, value, 0, inner));
}

function walk(
  given: JsonSchema | undefined,
  value: unknown,
  depth: number,
  inner?: InnerArgs,
): unknown {
  const schema = inner && value === inner.value && depth > 0 ? inner.schema : given;
  if (isSecretSchema(schema)) return REDACTED;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const items = asSchema(schema?.items);
    return value.map((item) => walk(items, item, depth + 1, inner));
  }
  if (value && typeof value === 'object') {
    const props = asSchema(schema?.properties) ?? {};
    const rest = asSchema(schema?.additionalProperties);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = walk(asSchema(props[key]) ?? rest, item, depth + 1, inner);
    }
    return out;
  }
  return value;
}
