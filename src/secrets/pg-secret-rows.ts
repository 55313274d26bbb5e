import {
  secretsDamagedInDatabase,
  secretsKeyInvalid,
  secretsWrongKeyInDatabase,
} from '../common/errors/catalogue';
import { FileWriteRefusedError } from '../common/errors/file-write-refused.error';
import type { Database } from '../database/database';
import { open, seal } from './secret-cipher';
import { parseKey } from './secret-key';

export const CREDENTIALS_TABLE = 'patchbay_credentials';
export const KEY_TABLE = 'patchbay_credentials_key';
/** NOTIFY channel: the payload names a row (never its value); listeners read the row. */
export const CREDENTIALS_CHANNEL = 'patchbay_credentials';

export interface CredentialRow {
  server_id: string;
  name: string;
  sealed: string;
}

export type OpenedRow =
  { ok: true; value: string } | { ok: false; reason: 'wrong_key' | 'corrupt'; problem: string };

/** A known value sealed with the key of the first replica; every later one must open it. */
const KEY_CHECK = { 'patchbay:store': { 'key.check': 'patchbay credential store' } };

/** Database mode always has PATCHBAY_SECRETS_KEY (the config refuses to start without it). */
export function databaseKey(text: string | undefined): Buffer {
  const key = text === undefined ? undefined : parseKey(text);
  if (!key) throw secretsKeyInvalid('PATCHBAY_SECRETS_KEY');
  return key;
}

/**
 * One value sealed on its own, in the file store's envelope (AES-256-GCM, fresh IV). Its
 * server id and name are sealed with it, so a value copied into another row fails to open.
 */
export function sealRow(key: Buffer, serverId: string, name: string, value: string): string {
  const sealed = seal(key, { [serverId]: { [name]: value } });
  // The write rule: what is written must open as the start-up read opens it.
  const check = openRow(key, { server_id: serverId, name, sealed });
  if (!check.ok || check.value !== value) {
    const problem = check.ok ? 'it opens to another value' : check.problem;
    throw new FileWriteRefusedError(CREDENTIALS_TABLE, [`${serverId}/${name}: ${problem}`]);
  }
  return sealed;
}

export function openRow(key: Buffer, row: CredentialRow): OpenedRow {
  const result = open(key, row.sealed);
  if (!result.ok) return result;
  const ids = Object.keys(result.secrets);
  const names = ids.length === 1 ? Object.keys(result.secrets[ids[0]]) : [];
  if (ids[0] !== row.server_id || names.length !== 1 || names[0] !== row.name) {
    return { ok: false, reason: 'corrupt', problem: "it holds another row's value" };
  }
  return { ok: true, value: result.secrets[row.server_id][row.name] };
}

/** Opens a row at start-up: a row this key cannot open stops the replica with a clear error. */
export function openAtStart(key: Buffer, row: CredentialRow): string {
  const opened = openRow(key, row);
  if (opened.ok) return opened.value;
  if (opened.reason === 'wrong_key') throw secretsWrongKeyInDatabase(CREDENTIALS_TABLE);
  throw secretsDamagedInDatabase(CREDENTIALS_TABLE, rowLabel(row), opened.problem);
}

/**
 * The first replica ever stores a sealed known value; every replica opens it at start, so
 * one started with another key stops before it reads or writes anything.
 */
export async function checkKey(db: Database, key: Buffer): Promise<void> {
  await db.query(
    `INSERT INTO ${KEY_TABLE} (id, sealed, created_by) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
    [seal(key, KEY_CHECK), db.replicaId],
  );
  const [row] = await db.query<{ sealed: string }>(`SELECT sealed FROM ${KEY_TABLE} WHERE id = 1`);
  const result = open(key, row.sealed);
  if (result.ok) return;
  if (result.reason === 'wrong_key') throw secretsWrongKeyInDatabase(CREDENTIALS_TABLE);
  throw secretsDamagedInDatabase(KEY_TABLE, 'the key check', result.problem);
}

export const rowLabel = (row: Pick<CredentialRow, 'server_id' | 'name'>) =>
  `server_id=${row.server_id} name=${row.name}`;
