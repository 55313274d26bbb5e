import type { Subscription } from 'rxjs';
import type { Database } from '../database/database';
import type { SecretsService } from '../secrets/secrets.service';
import { OAuthVault, VAULT_NAMES } from './oauth-vault';
import type { KeeperHooks } from './token-keeper';

/**
 * A lock holds a pooled connection and its refresh needs another (re-read, save): at most
 * this many servers refresh at once per replica, so the pool (10) is never all lock holders.
 */
const MAX_LOCKED_REFRESHES = 3;

/**
 * Database mode: a refresh holds the server's advisory lock, so 50 calls on three replicas
 * at expiry make one refresh; whoever gets the lock next re-reads the stored tokens first.
 */
export function refreshLock(
  db: Database | null,
  secrets: SecretsService,
): Pick<KeeperHooks, 'exclusive' | 'reload'> {
  if (!db) return {};
  const slot = limit(MAX_LOCKED_REFRESHES);
  return {
    exclusive: (serverId, work) =>
      slot(() => db.withLock(`oauth-refresh:${serverId}`, () => work())),
    reload: (serverId) => secrets.reloadInternal(serverId, VAULT_NAMES.tokens),
  };
}

/**
 * OAuth material another replica changed: what is inside is masked here too, and tokens that
 * appeared (authorized there) or vanished (forgotten or refused there) change this replica's
 * view of the server as they did there. A refresh (tokens replaced) changes nothing.
 */
export function followReplicas(
  secrets: SecretsService,
  vault: OAuthVault,
  authorizationChanged: (serverId: string) => void,
): Subscription {
  return secrets.internalChanges.subscribe(({ serverId, name, before, after }) => {
    vault.tokens(serverId);
    vault.client(serverId);
    vault.verifier(serverId);
    if (name === VAULT_NAMES.tokens && !before !== !after) authorizationChanged(serverId);
  });
}

/**
 * The browser's return may reach another replica than the one that began the authorization:
 * read what that one stored (verifier, client registration, discovery) before the exchange,
 * in case its NOTIFY has not arrived yet. No-op in file mode.
 */
export async function catchUpOnFlow(secrets: SecretsService, serverId: string): Promise<void> {
  for (const name of [VAULT_NAMES.verifier, VAULT_NAMES.client, VAULT_NAMES.discovery]) {
    await secrets.reloadInternal(serverId, name);
  }
}

/** Runs at most `max` tasks at once; the others wait their turn in order. */
function limit(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
