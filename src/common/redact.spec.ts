import { Redactor } from './redact';

describe('Redactor', () => {
  it('masks every known value in text, at any position and repeated', () => {
    const r = new Redactor();
    r.add('s3cr3t-value');
    r.add('tok"en\\x');
    expect(r.redact('a s3cr3t-value b s3cr3t-value')).toBe('a [redacted] b [redacted]');
    expect(r.redact('quote tok"en\\x end')).toBe('quote [redacted] end');
  });

  it('masks strings and keys deep inside objects without touching other values', () => {
    const r = new Redactor();
    r.add('hunter22');
    expect(r.redactDeep({ a: ['x hunter22', 3, null], hunter22: true })).toEqual({
      a: ['x [redacted]', 3, null],
      '[redacted]': true,
    });
  });

  it('ignores values too short to mask safely', () => {
    const r = new Redactor();
    r.add('ab');
    expect(r.redact('abc')).toBe('abc');
  });
});
