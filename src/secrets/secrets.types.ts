import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

/** A credential as the API shows it: never the value. */
export interface CredentialStatus {
  name: string;
  required: boolean;
  configured: boolean;
  source: 'store' | 'env' | null;
}

/**
 * A secret value that refuses to be printed: JSON, `util.inspect` and string coercion all
 * give `[redacted]`. Only `reveal()` hands out the value, at the moment a connection is made.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

/** What a connection needs: values for the child's env, or for HTTP headers. */
export interface ResolvedCredentials {
  env: Record<string, SecretValue>;
  headers: Record<string, SecretValue>;
  /** Upstream OAuth (src/oauth) for HTTP transports: the SDK adds and refreshes the token. */
  authProvider?: OAuthClientProvider;
  /** Sees each HTTP answer of the server (OAuth step-up on a 403 insufficient_scope). */
  onResponse?: (response: Response) => void;
}

export interface CredentialChange {
  serverId: string;
  name: string;
}
