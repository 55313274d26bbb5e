import { snapshotSecretEnv } from './secret-env';

describe('snapshotSecretEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("offers non-empty variables but never Patchbay's own settings", () => {
    process.env.SOME_TOKEN = 'some-token-value';
    process.env.EMPTY_TOKEN = '';
    process.env.PATCHBAY_SECRETS_KEY = 'a'.repeat(64);
    const env = snapshotSecretEnv();
    process.env.SOME_TOKEN = 'changed-later';
    expect(env.get('SOME_TOKEN')).toBe('some-token-value');
    expect(env.has('EMPTY_TOKEN')).toBe(false);
    expect(env.has('PATCHBAY_SECRETS_KEY')).toBe(false);
  });
});
