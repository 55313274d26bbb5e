import Ajv from 'ajv';
import { JsonFile, Parsed } from './json-file';
import { describeAjvError } from './json-schema-problems';

const ajv = new Ajv({ allErrors: true, strict: true });

/** Checks beyond the schema (cross-field rules); each string is one problem, `$.path: what`. */
export type ExtraCheck<T> = (value: T) => string[];

/** The one parse a SchemaFile uses both to load the file and to check each write. */
export function schemaParser<T>(
  schema: object,
  check: ExtraCheck<T> = () => [],
): (data: unknown) => Parsed<T> {
  const validate = ajv.compile<T>(schema);
  return (data) => {
    if (!validate(data)) {
      return { ok: false, problems: (validate.errors ?? []).map(describeAjvError) };
    }
    const problems = check(data);
    return problems.length ? { ok: false, problems } : { ok: true, value: data };
  };
}

/**
 * The way to add a file Patchbay writes: give it the JSON Schema (and any extra check) it
 * must satisfy. The same parse validates the file at start-up, on every hand edit, and
 * before every write, so a document that would not load is never written (a 500 with an
 * `error_id`, nothing changed). Example:
 *
 *   new SchemaFile(join(configDir, 'toolsets.json'), TOOLSETS_SCHEMA, () => ({ toolsets: {} }))
 */
export class SchemaFile<T> extends JsonFile<T> {
  constructor(path: string, schema: object, empty: () => T, check?: ExtraCheck<T>) {
    super(path, schemaParser<T>(schema, check), empty);
  }
}
