import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'pbk_';
const KEY_BYTES = 32;
const KEY_LENGTH = KEY_PREFIX.length + Math.ceil((KEY_BYTES * 4) / 3);

/** A new key: 256 bits from the system's CSPRNG, base64url. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** A short random id to name a key by (never derived from the key). */
export function generateKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}

/**
 * SHA-256, not a password hash: a key carries 256 random bits, so no guess list exists and
 * a slow KDF (bcrypt, argon2) would add only CPU per request. Being deterministic, the
 * hash is also the lookup index. (The one-shot `hash()` is ~3 µs; createHash ~7 µs.)
 */
export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Whether a bearer could be a key at all (saves hashing arbitrary header values). */
export function looksLikeKey(bearer: string): boolean {
  return bearer.length === KEY_LENGTH && bearer.startsWith(KEY_PREFIX);
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
