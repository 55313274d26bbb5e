import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretsKeyInvalid, secretsKeyMissing } from '../common/errors/catalogue';

export const KEY_FILE_NAME = 'credentials.key';
const KEY_BYTES = 32;

export interface SecretsKey {
  key: Buffer;
  /** Where the key came from, for error messages: the variable or the key file path. */
  label: string;
  keyFile: string;
  fromEnv: boolean;
}

/** 64 hex characters or base64 of exactly 32 bytes; undefined when it is neither. */
export function parseKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(t)) return undefined;
  const key = Buffer.from(t, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

/** Creates the data folder (0700) if needed. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * The store key: PATCHBAY_SECRETS_KEY if set, else the key file in the data folder. The key
 * file is created (0600) only when there is no store yet: a store without its key must fail
 * loudly rather than be silently replaced.
 */
export function loadSecretsKey(
  dataDir: string,
  envKey: string | undefined,
  storeExists: boolean,
): SecretsKey {
  const keyFile = join(dataDir, KEY_FILE_NAME);
  if (envKey !== undefined) {
    const key = parseKey(envKey);
    if (!key) {
      throw secretsKeyInvalid('PATCHBAY_SECRETS_KEY');
    }
    return { key, label: 'PATCHBAY_SECRETS_KEY', keyFile, fromEnv: true };
  }
  if (!existsSync(keyFile)) {
    if (storeExists) {
      throw secretsKeyMissing(dataDir, keyFile);
    }
    createKeyFile(keyFile);
  }
  return { key: readKeyFile(keyFile), label: `the key file ${keyFile}`, keyFile, fromEnv: false };
}

function createKeyFile(keyFile: string): void {
  try {
    // 'wx': two processes starting at once must not overwrite each other's key.
    writeFileSync(keyFile, `${randomBytes(KEY_BYTES).toString('hex')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    new Logger('SecretsKey').log(`Created the credential store key file ${keyFile}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function readKeyFile(keyFile: string): Buffer {
  const key = parseKey(readFileSync(keyFile, 'utf8'));
  if (!key) {
    throw secretsKeyInvalid(`The key file ${keyFile}`);
  }
  if ((statSync(keyFile).mode & 0o077) !== 0) {
    new Logger('SecretsKey').warn(`${keyFile} is readable by others; run chmod 600 on it.`);
  }
  return key;
}
