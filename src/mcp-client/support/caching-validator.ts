import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

const DEFAULT_MAX_ENTRIES = 1_000;

/**
 * The SDK's Ajv provider compiles a schema on every `getValidator` call unless it has an
 * `$id`, and each `tools/list` answer brings fresh schema objects, so every listing would
 * recompile every output schema. This keeps compiled validators by the schema's text.
 */
export class CachingJsonSchemaValidator implements jsonSchemaValidator {
  private readonly cache = new Map<string, JsonSchemaValidator<unknown>>();

  constructor(
    private readonly inner: jsonSchemaValidator = new AjvJsonSchemaValidator(),
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    let validator = this.cache.get(key);
    if (validator) {
      // Refresh recency: Map keeps insertion order, the oldest entry is evicted first.
      this.cache.delete(key);
    } else {
      validator = this.inner.getValidator<unknown>(schema);
    }
    this.cache.set(key, validator);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return validator as JsonSchemaValidator<T>;
  }
}
