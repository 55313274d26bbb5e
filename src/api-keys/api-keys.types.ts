import { Scope } from '../common/access/scopes';

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  toolsets?: string[];
  expires_at?: string;
}

/** A key as the API shows it: never the key, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  scopes: Scope[];
  toolsets: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  expired: boolean;
}

/** The answer to a creation: the only time `key` is shown. */
export type CreatedApiKey = Omit<ApiKeyView, 'last_used_at' | 'expired'> & { key: string };
