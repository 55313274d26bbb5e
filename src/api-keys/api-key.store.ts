import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { stableStringify } from '../common/stable-json';
import { StoredDocument } from '../common/stored-document';
import { Documents } from '../database/documents';
import { patchbayConfig } from '../config/patchbay.config';
import { ApiKeyRecord, ApiKeysFile, parseApiKeysFile } from './api-keys.schema';

/**
 * Owns data/api_keys.json: atomic serialised writes, each checked against the schema the
 * file is loaded with (a write that would not load is refused), hand edits picked up.
 */
@Injectable()
export class ApiKeyStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyStore.name);
  private readonly file: StoredDocument<ApiKeysFile>;
  private indexed?: { of: ApiKeysFile; byHash: Map<string, string> };

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() documents: Documents = Documents.files(),
  ) {
    this.file = documents.document(
      'api_keys',
      join(config.dataDir, 'api_keys.json'),
      parseApiKeysFile,
      () => ({ api_keys: {} }),
    );
  }

  onModuleInit(): void {
    let seen = this.file.value;
    this.file.watch((value) => {
      // Last uses change every few seconds on a busy cluster: not worth a line each time.
      const level = withoutUses(value) === withoutUses(seen) ? 'debug' : 'log';
      seen = value;
      this.logger[level]('API keys reloaded (hand edit or another replica)');
    });
  }

  onModuleDestroy(): void {
    this.file.close();
  }

  all(): Record<string, ApiKeyRecord> {
    return this.file.value.api_keys;
  }

  get(id: string): ApiKeyRecord | undefined {
    const keys = this.file.value.api_keys;
    return Object.hasOwn(keys, id) ? keys[id] : undefined;
  }

  /** The id of the key with this SHA-256 (hex); the index follows every write and hand edit. */
  idForHash(hash: string): string | undefined {
    const current = this.file.value;
    if (this.indexed?.of !== current) {
      const byHash = new Map(Object.entries(current.api_keys).map(([id, r]) => [r.key_sha256, id]));
      this.indexed = { of: current, byHash };
    }
    return this.indexed.byHash.get(hash);
  }

  /** Applies a change to the key map and persists it (validated first) before resolving. */
  async change(
    mutate: (keys: Record<string, ApiKeyRecord>) => Record<string, ApiKeyRecord>,
  ): Promise<void> {
    await this.file.update((file) => {
      const next = { api_keys: mutate({ ...file.api_keys }) };
      // JsonFile checks it with the start-up parser before it writes (the write rule).
      return next;
    });
  }

  /** Re-reads the file now rather than waiting for the watcher. */
  reload(): Promise<void> {
    return this.file.reload(() => undefined);
  }
}

function withoutUses(file: ApiKeysFile): string {
  const keys = Object.entries(file.api_keys).map(([id, r]) => [id, { ...r, last_used_at: null }]);
  return stableStringify(keys);
}
