import { Injectable } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { fieldProblems } from '../common/json-schema-problems';
import { stableStringify } from '../common/stable-json';
import { InvalidArgumentsError } from '../common/errors/catalogue';
import { JsonSchema, ToolArgs } from './tool.types';

const MAX_CACHED = 500;

/**
 * Checks tool arguments against JSON Schemas. Each schema is compiled once and cached by
 * object identity, then by a hash of its content (an MCP server sends a fresh object per
 * listing). Formats are not checked: servers use custom ones (`password`) freely.
 */
@Injectable()
export class ArgsValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly byIdentity = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly byHash = new Map<string, ValidateFunction>();

  /** Compiles (or fetches) the validator; throws when the schema itself is invalid. */
  compile(schema: JsonSchema): ValidateFunction {
    const known = this.byIdentity.get(schema);
    if (known) return known;
    const hash = createHash('sha256').update(stableStringify(schema)).digest('hex');
    let validate = this.byHash.get(hash);
    if (!validate) {
      // `$schema` naming draft 2020-12 would make draft-07 ajv refuse the document.
      const { $schema: _ignored, ...body } = schema;
      validate = this.ajv.compile(body);
      if (this.byHash.size >= MAX_CACHED) this.byHash.delete(this.byHash.keys().next().value!);
      this.byHash.set(hash, validate);
    }
    this.byIdentity.set(schema, validate);
    return validate;
  }

  /** @throws InvalidArgumentsError listing each bad field. */
  check(tool: string, schema: JsonSchema, args: ToolArgs): void {
    const validate = this.compile(schema);
    if (validate(args)) return;
    throw new InvalidArgumentsError(tool, fieldProblems(validate.errors ?? [], '(args)'));
  }
}
