import * as envSchema from '../../src/config/env.schema';
import { startApp } from '../helpers/test-app';

describe('config at start-up', () => {
  afterEach(() => jest.restoreAllMocks());

  it('validates the environment once per start and leaves process.env alone', async () => {
    const validate = envSchema.validateEnv;
    const seen: (string | undefined)[] = [];
    jest.spyOn(envSchema, 'validateEnv').mockImplementation((raw) => {
      seen.push(process.env.PATCHBAY_CONFIG_DIR);
      return validate(raw);
    });
    const before = { ...process.env };
    const t = await startApp({ env: { PB_CONFIG_ONCE_CREDENTIAL: 'from-the-env-object' } });
    try {
      expect(seen).toEqual([process.env.PATCHBAY_CONFIG_DIR]);
      expect(process.env).toEqual(before);
      await t.http.get('/api/v1/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
