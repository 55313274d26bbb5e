import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from './errors/catalogue';
import { FieldProblem } from './json-schema-problems';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Rejects unknown fields and wrong types with one `validation_failed` error listing each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
