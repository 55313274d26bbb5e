import { SecretValue } from './secrets.types';

export { SECRET_STORE } from './secrets.tokens';

/**
 * A writable credential backend, keyed by server id and credential name. The embedded one is
 * an encrypted file (FileSecretStore); a vault or cloud secret manager is another provider
 * behind the SECRET_STORE token. Reads are synchronous from what `load` fetched, because
 * the API describes credential status without waiting on a backend.
 */
export interface SecretStore {
  /** Opens the backend; called once at start-up. Throws a clear error when it cannot. */
  load(): void | Promise<void>;
  get(serverId: string, name: string): SecretValue | undefined;
  /** Persists before resolving; on failure nothing changes. */
  set(serverId: string, name: string, value: SecretValue): Promise<void>;
  /** Resolves to false when there was nothing to remove. */
  delete(serverId: string, name: string): Promise<boolean>;
  /** Removes every value stored for the server; false when there was none. */
  deleteAll(serverId: string): Promise<boolean>;
  /** Every stored value, so they can all be masked from the start. */
  values(): SecretValue[];
  /** Shared backends (database mode): calls `listener` for each value another replica changed. */
  watch?(listener: (change: ExternalChange) => void): void;
  /** Shared backends: reads one value afresh (another replica may have written it meanwhile). */
  reload?(serverId: string, name: string): Promise<void>;
}

/** A value changed by another process; `before`/`after` are undefined where it was or is absent. */
export interface ExternalChange {
  serverId: string;
  name: string;
  before?: SecretValue;
  after?: SecretValue;
}
