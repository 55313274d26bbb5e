import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const FORMAT = 'patchbay-credentials';
const VERSION = 1;
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** serverId → credential name → value. */
export type StoredSecrets = Record<string, Record<string, string>>;

/** What the file holds: only ciphertext plus what is needed to open it. */
interface Envelope {
  format: typeof FORMAT;
  version: typeof VERSION;
  cipher: typeof CIPHER;
  key_check: string;
  iv: string;
  tag: string;
  data: string;
}

export type OpenResult =
  | { ok: true; secrets: StoredSecrets }
  | { ok: false; reason: 'wrong_key' | 'corrupt'; problem: string };

/**
 * A short HMAC of a constant: tells a wrong key from a damaged file without decrypting, and
 * reveals nothing usable about the key.
 */
export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key)
    .update('patchbay credential store key check')
    .digest('hex')
    .slice(0, 16);
}

const aad = (check: string) => Buffer.from(`${FORMAT}:${VERSION}:${check}`);

/** Encrypts with a fresh random IV on every call. */
export function seal(key: Buffer, secrets: StoredSecrets): string {
  const iv = randomBytes(IV_BYTES);
  const check = keyCheck(key);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(check));
  const data = Buffer.concat([cipher.update(JSON.stringify({ secrets }), 'utf8'), cipher.final()]);
  const envelope: Envelope = {
    format: FORMAT,
    version: VERSION,
    cipher: CIPHER,
    key_check: check,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

export function open(key: Buffer, text: string): OpenResult {
  const envelope = parseEnvelope(text);
  if (typeof envelope === 'string') return { ok: false, reason: 'corrupt', problem: envelope };
  if (envelope.key_check !== keyCheck(key)) {
    return { ok: false, reason: 'wrong_key', problem: 'it was written with a different key' };
  }
  let plain: string;
  try {
    const iv = Buffer.from(envelope.iv, 'base64');
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(envelope.key_check));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const data = Buffer.from(envelope.data, 'base64');
    plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, reason: 'corrupt', problem: 'its contents fail authentication' };
  }
  const secrets = parseSecrets(plain);
  return secrets
    ? { ok: true, secrets }
    : { ok: false, reason: 'corrupt', problem: 'bad contents' };
}

function parseEnvelope(text: string): Envelope | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const e = data as Partial<Envelope> | null;
  if (!e || typeof e !== 'object' || e.format !== FORMAT) return 'it is not a credential store';
  if (e.version !== VERSION || e.cipher !== CIPHER) return 'its version is not supported';
  const fields = [e.key_check, e.iv, e.tag, e.data];
  if (!fields.every((f) => typeof f === 'string')) return 'it is missing fields';
  if (Buffer.from(e.iv as string, 'base64').length !== IV_BYTES) return 'its IV is malformed';
  if (Buffer.from(e.tag as string, 'base64').length !== TAG_BYTES) return 'its tag is malformed';
  return e as Envelope;
}

function parseSecrets(plain: string): StoredSecrets | undefined {
  try {
    const { secrets } = JSON.parse(plain) as { secrets?: unknown };
    if (!isRecord(secrets)) return undefined;
    const ok = Object.values(secrets).every(
      (entry) => isRecord(entry) && Object.values(entry).every((v) => typeof v === 'string'),
    );
    return ok ? (secrets as StoredSecrets) : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
