import type { JsonSchema } from '../types';
import { fieldsOf, FieldSpec, FormValues } from './schema';

interface Props {
  idPrefix: string;
  schema: JsonSchema | undefined;
  values: FormValues;
  errors: Record<string, string>;
  onInput(values: FormValues): void;
}

/** A labelled input per property of an input schema. */
export function SchemaForm({ idPrefix, schema, values, errors, onInput }: Props) {
  const fields = fieldsOf(schema);
  if (fields.length === 0) return <p class="muted">This tool takes no arguments.</p>;
  return (
    <div class="schema-form">
      {fields.map((f) => (
        <Field
          key={f.name}
          id={`${idPrefix}-${f.name}`}
          field={f}
          value={values[f.name] ?? ''}
          error={errors[f.name]}
          onValue={(v) => onInput({ ...values, [f.name]: v })}
        />
      ))}
    </div>
  );
}

interface FieldProps {
  id: string;
  field: FieldSpec;
  value: string;
  error?: string;
  onValue(value: string): void;
}

function Field({ id, field, value, error, onValue }: FieldProps) {
  const { schema, kind } = field;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [schema.description ? hintId : '', error ? errorId : ''].join(' ').trim();
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': described || undefined,
  };
  const onText = (e: Event) => onValue((e.currentTarget as HTMLInputElement).value);
  return (
    <div class={`field${error ? ' invalid' : ''}`} data-field={field.name}>
      <label for={id}>
        {schema.title ?? field.name}
        {field.required && <span class="req"> (required)</span>}
        <span class="muted type"> {typeLabel(schema, kind)}</span>
      </label>
      {kind === 'enum' && (
        <select {...common} value={value} onChange={onText}>
          <option value="">(not set)</option>
          {(schema.enum ?? []).map((v) => (
            <option key={JSON.stringify(v)} value={JSON.stringify(v)}>
              {typeof v === 'string' ? v : JSON.stringify(v)}
            </option>
          ))}
        </select>
      )}
      {kind === 'boolean' && (
        <select {...common} value={value} onChange={onText}>
          <option value="">(not set)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      )}
      {(kind === 'string' || kind === 'number' || kind === 'integer') && (
        <input
          {...common}
          type="text"
          inputMode={kind === 'string' ? undefined : 'decimal'}
          value={value}
          onInput={onText}
        />
      )}
      {kind === 'json' && (
        <textarea {...common} rows={3} spellcheck={false} value={value} onInput={onText} />
      )}
      {schema.description && (
        <small id={hintId} class="muted">
          {schema.description}
        </small>
      )}
      {error && (
        <small id={errorId} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

function typeLabel(schema: JsonSchema, kind: string): string {
  if (kind !== 'json') return kind;
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  return `${t}, as JSON`;
}
