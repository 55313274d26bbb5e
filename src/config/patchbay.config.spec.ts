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

describe('database mode settings', () => {
  const KEY = 'ab'.repeat(32);
  const read = (env: Record<string, string>) => readPatchbayConfig({ PATH: '', ...env });

  it('reads the URL and a replica id, and makes one up per start when none is set', () => {
    const config = read({
      PATCHBAY_DATABASE_URL: 'postgres://u:p@db:5432/patchbay',
      PATCHBAY_SECRETS_KEY: KEY,
      PATCHBAY_REPLICA_ID: 'patchbay-1',
    });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/patchbay');
    expect(config.replicaId).toBe('patchbay-1');
    expect(read({}).databaseUrl).toBeUndefined();
    expect(read({}).replicaId).not.toBe(read({}).replicaId);
  });

  it('refuses a URL that is not postgres://, a bad replica id, and a URL without a shared key', () => {
    expect(() =>
      read({ PATCHBAY_DATABASE_URL: 'mysql://db/x', PATCHBAY_SECRETS_KEY: KEY }),
    ).toThrow(/PATCHBAY_DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => read({ PATCHBAY_REPLICA_ID: 'a b/c' })).toThrow(/PATCHBAY_REPLICA_ID must be/);
    const withoutKey = () => read({ PATCHBAY_DATABASE_URL: 'postgres://u:secret-pw@db/x' });
    expect(withoutKey).toThrow(/PATCHBAY_DATABASE_URL needs PATCHBAY_SECRETS_KEY/);
    expect(withoutKey).not.toThrow(/secret-pw/);
  });
});
