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

  it('masks strings and keys while JSON is serialised, keeping the wire form', () => {
    const r = new Redactor();
    const at = new Date('2026-01-02T03:04:05.000Z');
    const body = {
      content: [{ type: 'text', text: 'token=hunter22' }],
      hunter22: 1,
      at,
      n: 3,
      none: null,
    };
    expect(JSON.parse(JSON.stringify(body, r.jsonReplacer))).toEqual(
      JSON.parse(JSON.stringify(body)),
    );
    r.add('hunter22');
    expect(JSON.parse(JSON.stringify(body, r.jsonReplacer))).toEqual({
      content: [{ type: 'text', text: 'token=[redacted]' }],
      '[redacted]': 1,
      at: '2026-01-02T03:04:05.000Z',
      n: 3,
      none: null,
    });
  });
});
