import fc from 'fast-check';

/** Random JSON of every type: null, numbers, booleans, strings of every script, arrays, deep nesting. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, '', 'x', [], {}) },
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) },
  // Long strings (past the 64 KiB limits) built by repetition: generating 70,000 random
  // characters one by one would cost more than the request.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }),
        fc.integer({ min: 100, max: 9000 }),
      )
      .map(([s, n]) => s.repeat(n)),
  },
  { weight: 1, arbitrary: fc.nat(100).map(deepArray) },
);

function deepArray(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { deep: value };
  return value;
}

/** A field's value: usually a valid one (so requests get past validation), else anything. */
const fieldValue = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: anyJson });

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * A raw request body for a route with these fields: a record of (mostly valid) fields, any
 * JSON as the whole body, extra or prototype keys, malformed text, or nothing at all.
 */
export function bodyFor(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const model = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldValue(v)]));
  // Every field is there more often than not, so many requests reach the handler.
  const record = fc.oneof(
    { weight: 2, arbitrary: fc.record(model) },
    { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
  );
  const withExtra = fc
    .tuple(record, fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string()), anyJson)
    .map(([r, key, value]) => {
      const text = JSON.stringify(r);
      const extra = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
      return text === '{}' ? `{${extra}}` : `${text.slice(0, -1)}, ${extra}}`;
    });
  // Nesting far deeper than any real body, as text: building it as a value would overflow
  // JSON.stringify in the test itself.
  const deep = fc
    .tuple(fc.constantFrom('x', ...Object.keys(fields)), fc.integer({ min: 65, max: 20_000 }))
    .map(([key, depth]) => `{${JSON.stringify(key)}: ${'['.repeat(depth)}${']'.repeat(depth)}}`);
  return fc.oneof(
    { weight: 1, arbitrary: deep },
    { weight: 8, arbitrary: record.map((r) => JSON.stringify(r)) },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: withExtra },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '{"a":', 'nul', '{"a":1}x', '\u0000') },
    { weight: 1, arbitrary: fc.string({ maxLength: 50, unit: 'binary' }) },
  );
}

/** Path segments: known ids (from `known`), odd but valid ones, and anything encoded. */
export function segment(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
    {
      weight: 2,
      arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map(encodeURIComponent),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('..', '%2e%2e', '%FF', '%00', 'a%2Fb', 'x'.repeat(65)),
    },
  );
}

/** Content types a client might send, most often JSON. */
export const contentType = fc.oneof(
  { weight: 24, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/merge-patch+json',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'none',
    ),
  },
);

export const auth = fc.oneof(
  { weight: 8, arbitrary: fc.constant('token' as const) },
  { weight: 1, arbitrary: fc.constantFrom('none' as const, 'wrong' as const) },
);
