import { ValidateIf, getMetadataStorage } from 'class-validator';
import { FieldProblem } from './json-schema-problems';

/**
 * `null` in a request field is refused unless the contract gives it a meaning, because
 * class-validator's @IsOptional() lets it through and it would reach the files. The one
 * check runs in the validation pipes for every body; a field where `null` means something
 * says so with @NullAllowed().
 */
export const NULL_PROBLEM = 'must not be null (leave the field out instead)';

const nullAllowed = new WeakMap<object, Set<string>>();

/** Marks a DTO field whose `null` has a meaning (e.g. "no integration"); validators skip it. */
export function NullAllowed(): PropertyDecorator {
  return (target, property) => {
    const fields = nullAllowed.get(target.constructor) ?? new Set<string>();
    fields.add(String(property));
    nullAllowed.set(target.constructor, fields);
    ValidateIf((o: Record<string, unknown>) => o[String(property)] !== null)(target, property);
  };
}

function knownFields(type: new (...args: never[]) => unknown): Set<string> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return new Set(metas.map((m) => m.propertyName));
}

const isDtoInstance = (v: unknown): v is object =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.getPrototypeOf(v) !== Object.prototype &&
  Object.getPrototypeOf(v) !== null;

/** Every declared field of a transformed DTO (and its nested DTOs) that is `null` without leave. */
export function nullFieldsOfDto(dto: object, prefix = ''): FieldProblem[] {
  const known = knownFields(dto.constructor as new () => unknown);
  const allowed = nullAllowed.get(dto.constructor);
  const out: FieldProblem[] = [];
  for (const [key, value] of Object.entries(dto)) {
    if (!known.has(key)) continue;
    const field = prefix ? `${prefix}.${key}` : key;
    if (value === null && !allowed?.has(key)) out.push({ field, problems: [NULL_PROBLEM] });
    else if (isDtoInstance(value)) out.push(...nullFieldsOfDto(value, field));
    else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (isDtoInstance(item)) out.push(...nullFieldsOfDto(item, `${field}[${i}]`));
      });
    }
  }
  return out;
}

/** For JSON-Schema-checked bodies: top-level declared properties sent as `null`. */
export function nullFieldsOfBody(
  body: Record<string, unknown>,
  properties: Record<string, unknown>,
): FieldProblem[] {
  return Object.keys(body)
    .filter((key) => body[key] === null && Object.hasOwn(properties, key))
    .map((field) => ({ field, problems: [NULL_PROBLEM] }));
}

export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const BODY_NOT_OBJECT = 'The request body must be a JSON object.';
