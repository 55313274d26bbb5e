import { Principal } from './scopes';

export type KeyPrincipal = Extract<Principal, { kind: 'key' }>;

/**
 * Looks up a bearer that is not the admin token. Implemented by the api-keys module; the
 * request guards depend only on this interface, so common/ does not import a feature.
 */
export interface ApiKeyVerifier {
  /** The key's principal, or undefined for an unknown, revoked or expired key. */
  verify(bearer: string): KeyPrincipal | undefined;
  /** Ids of the keys limited to this toolset (a toolset they name must not vanish). */
  keysBoundTo(toolsetId: string): string[];
}

export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');
