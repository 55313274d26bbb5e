import type { JsonSchema } from '../types';

/** How one property is edited; anything not flat falls back to a JSON textarea. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export type FormValues = Record<string, string>;

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
}

export function kindOf(schema: JsonSchema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  if (type.length !== 1) return 'json';
  switch (type[0]) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return type[0];
    default:
      return 'json';
  }
}

export function fieldsOf(schema: JsonSchema | undefined): FieldSpec[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, s]) => ({
    name,
    kind: kindOf(s),
    schema: s,
    required: required.has(name),
  }));
}

/** Starting values: the schema's defaults, as the text the inputs hold. */
export function initialValues(schema: JsonSchema | undefined): FormValues {
  const out: FormValues = {};
  for (const f of fieldsOf(schema)) {
    const d = f.schema.default;
    if (d === undefined) continue;
    out[f.name] = f.kind === 'json' || f.kind === 'enum' ? JSON.stringify(d) : String(d);
  }
  return out;
}

/** Turns the inputs' text into arguments; empty inputs are left out so defaults apply. */
export function toArgs(
  schema: JsonSchema | undefined,
  values: FormValues,
): { args: Record<string, unknown>; errors: Record<string, string> } {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fieldsOf(schema)) {
    const raw = values[f.name];
    if (raw === undefined || raw === '') continue;
    const parsed = parseValue(f.kind, raw);
    if ('error' in parsed) errors[f.name] = parsed.error;
    else args[f.name] = parsed.value;
  }
  return { args, errors };
}

function parseValue(kind: FieldKind, raw: string): { value: unknown } | { error: string } {
  switch (kind) {
    case 'string':
      return { value: raw };
    case 'boolean':
      return { value: raw === 'true' };
    case 'number':
    case 'integer': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(n)) return { error: 'must be a number' };
      if (kind === 'integer' && !Number.isInteger(n)) return { error: 'must be a whole number' };
      return { value: n };
    }
    case 'enum':
    case 'json':
      try {
        return { value: JSON.parse(raw) };
      } catch {
        return { error: 'is not valid JSON' };
      }
  }
}
