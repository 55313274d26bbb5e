import { PipeTransform } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { fieldProblems } from './json-schema-problems';
import { ValidationFailedError } from './errors/catalogue';
import { BODY_NOT_OBJECT, isJsonObject, nullFieldsOfBody } from './null-fields';
import { validationFailed } from './validation';

const ajv = new Ajv({ allErrors: true, strict: true });

/**
 * Checks a request body against a JSON Schema compiled once by ajv. For the bodies of the
 * tool-call hot path: class-transformer and class-validator cost about a tenth of a call's
 * CPU there. A missing body counts as `{}`; `null` in a field is refused by name. Give the parameter a non-class type (an
 * interface) so the global ValidationPipe leaves it alone.
 */
export class BodySchemaPipe<T> implements PipeTransform<unknown, T> {
  private readonly validate: ValidateFunction<T>;
  private readonly properties: Record<string, unknown>;

  constructor(schema: { properties?: Record<string, unknown> }) {
    this.validate = ajv.compile<T>(schema);
    this.properties = schema.properties ?? {};
  }

  transform(value: unknown): T {
    const body = value === undefined ? {} : value;
    if (!isJsonObject(body)) throw new ValidationFailedError(BODY_NOT_OBJECT);
    const nulls = nullFieldsOfBody(body, this.properties);
    if (nulls.length === 0) {
      if (this.validate(body)) return body;
      throw validationFailed(fieldProblems(this.validate.errors ?? [], '(body)'));
    }
    // Still list every other bad field in the same answer.
    const named = new Set(nulls.map((n) => n.field));
    const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !named.has(k)));
    const others = this.validate(rest) ? [] : fieldProblems(this.validate.errors ?? [], '(body)');
    throw validationFailed([...nulls, ...others.filter((f) => !named.has(f.field))]);
  }
}
