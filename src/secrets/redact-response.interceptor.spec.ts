import { Readable } from 'node:stream';
import { processRedactor } from '../common/redact';
import { redactBody } from './redact-response.interceptor';

describe('redactBody', () => {
  const canary = `resp-canary-${process.pid}-${Date.now()}`;
  beforeAll(() => processRedactor.add(canary));

  it('masks known values anywhere in a JSON body, keeping its wire form', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const body = {
      content: [{ type: 'text', text: `token=${canary}` }],
      [canary]: 1,
      at,
      n: 3,
      ok: true,
      none: null,
    };
    expect(redactBody(body)).toEqual({
      content: [{ type: 'text', text: 'token=[redacted]' }],
      '[redacted]': 1,
      at: '2026-01-02T03:04:05.000Z',
      n: 3,
      ok: true,
      none: null,
    });
    expect(redactBody(`plain ${canary}`)).toBe('plain [redacted]');
  });

  it('leaves streams, buffers and empty bodies alone', () => {
    const stream = Readable.from(['x']);
    expect(redactBody(stream)).toBe(stream);
    expect(redactBody(undefined)).toBeUndefined();
    const buf = Buffer.from('x');
    expect(redactBody(buf)).toBe(buf);
  });
});
