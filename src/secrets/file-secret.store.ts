import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FileWriteRefusedError } from '../common/errors/file-write-refused.error';
import { secretsDamaged, secretsWrongKey } from '../common/errors/catalogue';
import type { PatchbayConfig } from '../config/patchbay.config';
import { StoredSecrets, open, seal } from './secret-cipher';
import { SecretsKey, ensureDataDir, loadSecretsKey } from './secret-key';
import { SecretStore } from './secret-store';
import { SecretValue } from './secrets.types';

export const STORE_FILE_NAME = 'credentials.enc.json';

type StoreConfig = Pick<PatchbayConfig, 'dataDir' | 'secretsKey'>;

/**
 * The embedded credential store: one AES-256-GCM encrypted file in the data folder, decrypted
 * into memory at start-up. Writes are atomic (temp file, fsync, rename; mode 0600) and run one
 * at a time; memory changes only once the file is written.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  private key?: SecretsKey;
  private entries?: Map<string, Map<string, SecretValue>>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: StoreConfig) {
    this.path = join(config.dataDir, STORE_FILE_NAME);
  }

  load(): void {
    if (!this.entries) this.open();
  }

  get(serverId: string, name: string): SecretValue | undefined {
    return this.loaded().get(serverId)?.get(name);
  }

  values(): SecretValue[] {
    return [...this.loaded().values()].flatMap((m) => [...m.values()]);
  }

  set(serverId: string, name: string, value: SecretValue): Promise<void> {
    return this.write((maps) => {
      const server = maps.get(serverId) ?? new Map<string, SecretValue>();
      server.set(name, value);
      maps.set(serverId, server);
      return true;
    }).then(() => undefined);
  }

  delete(serverId: string, name: string): Promise<boolean> {
    return this.write((maps) => {
      const server = maps.get(serverId);
      if (!server?.delete(name)) return false;
      if (server.size === 0) maps.delete(serverId);
      return true;
    });
  }

  deleteAll(serverId: string): Promise<boolean> {
    return this.write((maps) => maps.delete(serverId));
  }

  /** Applies `change` to a copy, writes it, then swaps it in; false from `change` skips. */
  private write(change: (maps: Map<string, Map<string, SecretValue>>) => boolean) {
    const run = this.queue.then(async () => {
      const next = new Map([...this.loaded()].map(([id, m]) => [id, new Map(m)]));
      if (!change(next)) return false;
      ensureDataDir(this.config.dataDir);
      const text = seal((this.key as SecretsKey).key, toPlain(next));
      assertLoads(this.path, (this.key as SecretsKey).key, text);
      await writeFileAtomic(this.path, text, { mode: 0o600 });
      this.entries = next;
      return true;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** SecretsModule opens the store at start-up; a store used on its own opens on first read. */
  private loaded(): Map<string, Map<string, SecretValue>> {
    return this.entries ?? this.open();
  }

  private open(): Map<string, Map<string, SecretValue>> {
    ensureDataDir(this.config.dataDir);
    const exists = existsSync(this.path);
    const key = loadSecretsKey(this.config.dataDir, this.config.secretsKey, exists);
    const secrets = exists ? this.decrypt(key, readFileSync(this.path, 'utf8')) : {};
    this.entries = toMaps(secrets);
    this.key = key;
    return this.entries;
  }

  private decrypt(key: SecretsKey, text: string): StoredSecrets {
    const result = open(key.key, text);
    if (result.ok) return result.secrets;
    if (result.reason === 'wrong_key') {
      throw secretsWrongKey(this.path, key.label, key.keyFile);
    }
    throw secretsDamaged(this.path, result.problem);
  }
}

/** The write rule: the text about to be written must open as the start-up read opens it. */
function assertLoads(path: string, key: Buffer, text: string): void {
  const result = open(key, text);
  if (!result.ok) throw new FileWriteRefusedError(path, [`(store): ${result.problem}`]);
}

function toMaps(secrets: StoredSecrets): Map<string, Map<string, SecretValue>> {
  return new Map(
    Object.entries(secrets).map(([id, creds]) => [
      id,
      new Map(Object.entries(creds).map(([name, v]) => [name, new SecretValue(v)])),
    ]),
  );
}

function toPlain(maps: Map<string, Map<string, SecretValue>>): StoredSecrets {
  const out: StoredSecrets = {};
  for (const [id, creds] of maps) {
    out[id] = Object.fromEntries([...creds].map(([name, v]) => [name, v.reveal()]));
  }
  return out;
}
