import { ApiError } from '../api';

const HEADLINES: Record<number, string> = {
  0: 'Patchbay did not answer.',
  400: 'The request was not valid.',
  401: 'The API token is missing or wrong.',
  403: 'This page is not allowed to call Patchbay.',
  404: 'Not found.',
  409: 'That is not possible right now.',
  413: 'That is too large.',
  415: 'The request was not JSON.',
  422: "The arguments do not fit the tool's input schema.",
  424: 'A required credential is missing.',
  500: 'Patchbay hit a bug.',
  502: 'The MCP server failed.',
  504: 'The MCP server did not answer in time.',
};

export interface FieldError {
  field: string;
  message: string;
}

/** Reads field problems from the error details, in the shapes the API uses (400 and 422). */
export function fieldErrors(details: Record<string, unknown> | undefined): FieldError[] {
  if (!details) return [];
  const out: FieldError[] = [];
  for (const key of ['fields', 'errors', 'field_errors']) {
    const list = details[key];
    if (Array.isArray(list)) list.forEach((item) => out.push(...fromItem(item)));
    else if (list && typeof list === 'object') {
      for (const [field, msg] of Object.entries(list))
        out.push(...fromItem({ field, message: msg }));
    }
  }
  return out;
}

function fromItem(item: unknown): FieldError[] {
  if (typeof item === 'string') return [{ field: '', message: item }];
  if (!item || typeof item !== 'object') return [];
  const o = item as Record<string, unknown>;
  const raw = o.field ?? o.path ?? o.instance_path ?? o.instancePath ?? o.property ?? '';
  const base = normalizeField(Array.isArray(raw) ? raw.join('.') : String(raw));
  const msgs = o.problems ?? o.messages ?? o.message ?? o.problem ?? 'is not valid';
  const list = Array.isArray(msgs) ? msgs.map(String) : [String(msgs)];
  return list.map((message) => ({ field: withMissing(base, o.params, message), message }));
}

/** A "required" problem sits on the parent object; point it at the missing field instead. */
function withMissing(base: string, params: unknown, message: string): string {
  const fromParams = (params as { missingProperty?: unknown } | undefined)?.missingProperty;
  const missing =
    typeof fromParams === 'string' ? fromParams : /required property '([^']+)'/.exec(message)?.[1];
  if (!missing) return base;
  return base ? `${base}.${missing}` : missing;
}

/** `/args/message`, `args.message` and `message` all name the same form field. */
export function normalizeField(path: string): string {
  return path
    .replace(/^[#$]?\/?/, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1');
}

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : undefined;
  const headline =
    title ??
    (api?.code === 'forbidden_scope'
      ? 'The key in use lacks the scope for that.'
      : api
        ? (HEADLINES[api.status] ?? 'The request failed.')
        : 'Error.');
  const message = error instanceof Error ? error.message : String(error);
  const fields = fieldErrors(api?.details);
  return (
    <div class="error" role="alert">
      <strong>{headline}</strong> <span>{message}</span>
      {fields.length > 0 && (
        <ul class="field-errors">
          {fields.map((f, i) => (
            <li key={i}>
              {f.field ? <code>{f.field}</code> : 'arguments'}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {api && api.code !== 'network_error' && <small class="code">code: {api.code}</small>}
    </div>
  );
}
