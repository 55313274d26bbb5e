import { assertSafeBind } from './bootstrap';
import { readPatchbayConfig } from './config/patchbay.config';

describe('assertSafeBind', () => {
  const base = readPatchbayConfig();

  it('refuses a wide bind without a token', () => {
    expect(() =>
      assertSafeBind({ ...base, host: '0.0.0.0', isLoopback: false, apiToken: undefined }),
    ).toThrow(/Refusing to listen on 0\.0\.0\.0 without PATCHBAY_API_TOKEN/);
  });

  it('allows loopback without a token and a wide bind with one', () => {
    expect(() =>
      assertSafeBind({ ...base, host: '127.0.0.1', isLoopback: true, apiToken: undefined }),
    ).not.toThrow();
    expect(() =>
      assertSafeBind({ ...base, host: '0.0.0.0', isLoopback: false, apiToken: 'x'.repeat(20) }),
    ).not.toThrow();
  });
});
