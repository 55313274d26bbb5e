import { readPatchbayConfig } from './patchbay.config';

describe('PATCHBAY_LOG_LEVEL', () => {
  const saved = process.env.PATCHBAY_LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.PATCHBAY_LOG_LEVEL;
    else process.env.PATCHBAY_LOG_LEVEL = saved;
  });
  const levelFor = (value: string | undefined) => {
    if (value === undefined) delete process.env.PATCHBAY_LOG_LEVEL;
    else process.env.PATCHBAY_LOG_LEVEL = value;
    return readPatchbayConfig().logLevel;
  };

  it('accepts info as log, and every Nest level as itself', () => {
    expect(levelFor('info')).toBe('log');
    expect(levelFor(undefined)).toBe('log');
    for (const level of ['error', 'warn', 'log', 'debug', 'verbose']) {
      expect(levelFor(level)).toBe(level);
    }
  });

  it('refuses an unknown level, listing the accepted names', () => {
    expect(() => levelFor('loud')).toThrow(
      /PATCHBAY_LOG_LEVEL must be one of: error, warn, log, debug, verbose, info/,
    );
  });
});
