import type { ErrorObject } from 'ajv';

/** One field of a request that failed a schema, and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Groups ajv's errors by field (`a.b[0]`); `root` names the value itself. */
export function fieldProblems(errors: ErrorObject[], root: string): FieldProblem[] {
  const fields = new Map<string, string[]>();
  for (const error of errors) {
    const field = fieldOf(error) || root;
    const problems = fields.get(field) ?? [];
    problems.push(messageOf(error));
    fields.set(field, problems);
  }
  return [...fields].map(([field, problems]) => ({ field, problems }));
}

/** `a.b[0]` from ajv's JSON pointer, with the missing or unknown property appended. */
function fieldOf(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty;
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not allowed';
  return error.message ?? 'is invalid';
}

/** `$.mcp_servers.notes.args[0]`-style paths from ajv's JSON pointers (for file problems). */
export function jsonPath(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '$';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  if (error.keyword === 'additionalProperties') {
    path += `.${(error.params as { additionalProperty: string }).additionalProperty}`;
  }
  if (error.keyword === 'propertyNames') {
    path += `.${(error.params as { propertyName: string }).propertyName}`;
  }
  return path;
}

/** One line per problem in a file: `$.a.b: must be boolean`. */
export function describeAjvError(error: ErrorObject): string {
  const message =
    error.keyword === 'additionalProperties'
      ? 'is not a known field'
      : (error.message ?? 'is invalid');
  return `${jsonPath(error)}: ${message}`;
}
