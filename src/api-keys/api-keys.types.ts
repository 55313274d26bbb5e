import { Scope } from '../common/access/scopes';
import type { ApiKeyRecord } from './api-keys.schema';

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  toolsets?: string[];
  expires_at?: string;
}

/** A key as the API shows it: the stored record without its hash, never the key. */
export type ApiKeyView = Omit<ApiKeyRecord, 'key_sha256'> & { id: string; expired: boolean };

/** The answer to a creation: the only time `key` is shown. */
export type CreatedApiKey = Omit<ApiKeyView, 'last_used_at' | 'expired'> & { key: string };
