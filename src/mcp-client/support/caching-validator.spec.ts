import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { CachingJsonSchemaValidator } from './caching-validator';

/** The SDK's Ajv provider, counting how often it compiles. */
class CountingValidator implements jsonSchemaValidator {
  compiles = 0;
  private readonly ajv = new AjvJsonSchemaValidator();
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.compiles++;
    return this.ajv.getValidator<T>(schema);
  }
}

const schema = () => ({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });

describe('CachingJsonSchemaValidator', () => {
  it('compiles an equal schema once, even as a fresh object each time', () => {
    const inner = new CountingValidator();
    const cache = new CachingJsonSchemaValidator(inner);
    for (let i = 0; i < 50; i++) {
      expect(cache.getValidator(schema() as JsonSchemaType)({ n: i }).valid).toBe(true);
    }
    expect(cache.getValidator(schema() as JsonSchemaType)({ n: 'x' }).valid).toBe(false);
    expect(inner.compiles).toBe(1);
  });

  it('evicts the least recently used schema beyond its bound', () => {
    const inner = new CountingValidator();
    const cache = new CachingJsonSchemaValidator(inner, 2);
    const s = (n: number) => ({ type: 'object', title: `s${n}` }) as JsonSchemaType;
    cache.getValidator(s(1));
    cache.getValidator(s(2));
    cache.getValidator(s(1)); // s1 is now the most recent
    cache.getValidator(s(3)); // evicts s2
    expect(cache.size).toBe(2);
    cache.getValidator(s(1));
    expect(inner.compiles).toBe(3);
    cache.getValidator(s(2));
    expect(inner.compiles).toBe(4);
  });
});
