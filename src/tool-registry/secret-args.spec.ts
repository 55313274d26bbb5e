import { REDACTED } from '../common/redact';
import { isSecretSchema, redactArgs } from './secret-args';

describe('redactArgs', () => {
  const schema = {
    type: 'object',
    properties: {
      user: { type: 'string' },
      password: { type: 'string', format: 'password' },
      api_key: { type: 'string', 'x-secret': true },
      nested: { type: 'object', properties: { pin: { type: 'string', writeOnly: true } } },
      list: { type: 'array', items: { type: 'string', format: 'password' } },
    },
  };

  it('replaces every value the schema marks secret and keeps the rest', () => {
    const out = redactArgs(schema, {
      user: 'ann',
      password: 'hunter22',
      api_key: 'k-123456',
      nested: { pin: '9876', other: 'x' },
      list: ['a1b2c3', 'd4e5f6'],
    });
    expect(out).toEqual({
      user: 'ann',
      password: REDACTED,
      api_key: REDACTED,
      nested: { pin: REDACTED, other: 'x' },
      list: [REDACTED, REDACTED],
    });
  });

  it('applies the inner schema to args passed on to an MCP tool', () => {
    const inner = { token: 's3cr3t-value', q: 'hello' };
    const innerSchema = { type: 'object', properties: { token: { 'x-secret': true } } };
    const out = redactArgs(
      { type: 'object' },
      { server_id: 's', args: inner },
      {
        value: inner,
        schema: innerSchema,
      },
    );
    expect(out).toEqual({ server_id: 's', args: { token: REDACTED, q: 'hello' } });
  });

  it('knows the three markers', () => {
    expect(isSecretSchema({ format: 'password' })).toBe(true);
    expect(isSecretSchema({ 'x-secret': true })).toBe(true);
    expect(isSecretSchema({ writeOnly: true })).toBe(true);
    expect(isSecretSchema({ type: 'string' })).toBe(false);
  });
});
