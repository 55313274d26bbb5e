import type { Subscription } from 'rxjs';
import type { Database } from '../database/database';
import type { SecretsService } from '../secrets/secrets.service';
import { OAuthVault, VAULT_NAMES } from './oauth-vault';
import type { KeeperHooks } from './token-keeper';

/**
 * Database mode: a refresh holds the server's advisory lock, so 50 calls on three replicas
 * at expiry make one refresh; whoever gets the lock next re-reads the stored tokens first.
 */
export function refreshLock(
  db: Database | null,
  secrets: SecretsService,
): Pick<KeeperHooks, 'exclusive' | 'reload'> {
  if (!db) return {};
  return {
    exclusive: (serverId, work) => db.withLock(`oauth-refresh:${serverId}`, () => work()),
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
