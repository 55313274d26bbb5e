import { ArgsValidator } from './args-validator';
import { InvalidArgumentsError } from '../common/errors/catalogue';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'version'],
  properties: {
    service: { type: 'string' },
    version: { type: 'string' },
    replicas: { type: 'integer', minimum: 1 },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

function errorOf(fn: () => void): InvalidArgumentsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidArgumentsError) return err;
    throw err;
  }
  throw new Error('expected InvalidArgumentsError');
}

describe('ArgsValidator', () => {
  const validator = new ArgsValidator();

  it('accepts valid arguments', () => {
    expect(() => validator.check('deploy', schema, { service: 'a', version: '1' })).not.toThrow();
  });

  it('lists each bad field', () => {
    const err = errorOf(() =>
      validator.check('deploy', schema, { version: 2, replicas: 0, tags: ['x', 3], extra: true }),
    );
    expect(err.code).toBe('invalid_arguments');
    const fields = (err.details?.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'replicas', 'service', 'tags[1]', 'version']);
    expect(err.message).toMatch(/service: is required/);
  });

  it('compiles each schema once: by identity, then by content', () => {
    const a = validator.compile(schema);
    expect(validator.compile(schema)).toBe(a);
    expect(validator.compile(JSON.parse(JSON.stringify(schema)))).toBe(a);
    expect(validator.compile({ ...schema, required: ['service'] })).not.toBe(a);
  });

  it('accepts schemas that name draft 2020-12 and custom formats', () => {
    const s = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { token: { type: 'string', format: 'password' } },
    };
    expect(() => validator.check('t', s, { token: 'x' })).not.toThrow();
    expect(() => validator.check('t', s, { token: 1 })).toThrow(InvalidArgumentsError);
  });
});
