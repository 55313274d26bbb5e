import { SecretValue } from './secrets.types';

/**
 * Credentials from Patchbay's environment, looked up by credential name. Read once when the
 * app is built (the environment Patchbay started with); PATCHBAY_* settings are never offered.
 * Built by a factory in SecretsModule from the config (read once), so tests can hand it any map.
 */
export class EnvSecretStore {
  constructor(private readonly env: ReadonlyMap<string, string>) {}

  get(name: string): SecretValue | undefined {
    const value = this.env.get(name);
    return value === undefined ? undefined : new SecretValue(value);
  }
}
