import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationFailedError } from './errors/catalogue';
import { FieldProblem } from './json-schema-problems';
import { BODY_NOT_OBJECT, isJsonObject, nullFieldsOfDto } from './null-fields';

/** When a value has the wrong type, its length or range messages only add noise. */
const TYPE_CHECKS = ['isString', 'isBoolean', 'isInt', 'isNumber', 'isObject', 'isArray'];

function messagesOf(constraints: Record<string, string>): string[] {
  const typeCheck = TYPE_CHECKS.find((key) => key in constraints);
  return typeCheck ? [constraints[typeCheck]] : Object.values(constraints);
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: messagesOf(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The global pipe: a body must be a JSON object; a field sent as `null` is refused by name
 * (see null-fields.ts); then class-validator rejects unknown fields and wrong types.
 */
class PatchbayValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      const body = value === undefined ? {} : value;
      if (!isJsonObject(body)) throw new ValidationFailedError(BODY_NOT_OBJECT);
      const nulls = nullFieldsOfDto(plainToInstance(metadata.metatype, body) as object);
      if (nulls.length === 0) return super.transform(body, metadata);
      throw validationFailed([...nulls, ...(await this.otherProblems(body, metadata, nulls))]);
    }
    return super.transform(value, metadata);
  }

  /** The rest of a body with null fields, so one answer still lists every bad field. */
  private async otherProblems(
    body: Record<string, unknown>,
    metadata: ArgumentMetadata,
    nulls: FieldProblem[],
  ): Promise<FieldProblem[]> {
    const named = new Set(nulls.map((n) => n.field));
    const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !named.has(k)));
    try {
      await super.transform(rest, metadata);
      return [];
    } catch (err) {
      const fields = (err as ValidationFailedError).details?.fields as FieldProblem[] | undefined;
      return (fields ?? []).filter((f) => !named.has(f.field));
    }
  }
}

/** Rejects unknown fields and wrong types with one `validation_failed` error listing each field. */
export function createValidationPipe(): ValidationPipe {
  return new PatchbayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

/** The one `validation_failed` error for a bad request body, whichever check found it. */
export function validationFailed(fields: FieldProblem[]): ValidationFailedError {
  const summary = fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ');
  return new ValidationFailedError(`Invalid request: ${summary}.`, { fields });
}
