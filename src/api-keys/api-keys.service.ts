import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { KeyPrincipal, ApiKeyVerifier } from '../common/access/api-key-verifier';
import { ValidationFailedError, apiKeyNotFound } from '../common/errors/catalogue';
import { patchbayConfig } from '../config/patchbay.config';
import { ApiKeyStore } from './api-key.store';
import { ApiKeyRecord } from './api-keys.schema';
import { ApiKeyView, CreatedApiKey, NewApiKey } from './api-keys.types';
import { generateKey, generateKeyId, hashKey, looksLikeKey, sameHash } from './api-key.secret';
import { LastUseRecorder } from './last-use.recorder';

/** Scoped API keys: made, listed, revoked, and checked for the request guards. */
@Injectable()
export class ApiKeysService implements ApiKeyVerifier, OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly store: ApiKeyStore,
    private readonly lastUse: LastUseRecorder,
    @Inject(patchbayConfig.KEY) private readonly config: ConfigType<typeof patchbayConfig>,
  ) {}

  /** Keys without an admin token scope only the callers that present them: say so once. */
  onApplicationBootstrap(): void {
    const count = Object.keys(this.store.all()).length;
    if (count > 0 && !this.config.apiToken) {
      this.logger.warn(
        `${count} API key(s) exist but PATCHBAY_API_TOKEN is not set: a local caller without a key is still admin. Set the token to make keys a boundary.`,
      );
    }
  }

  async create(input: NewApiKey, now = new Date()): Promise<CreatedApiKey> {
    const toolsets = input.toolsets ?? [];
    checkToolsetBinding(input.scopes, toolsets);
    const expiresAt = input.expires_at === undefined ? null : new Date(input.expires_at);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw new ValidationFailedError('expires_at must be in the future.', {
        fields: [{ field: 'expires_at', problems: ['must be in the future'] }],
      });
    }
    const id = generateKeyId();
    const key = generateKey();
    const record: ApiKeyRecord = {
      name: input.name,
      scopes: [...input.scopes].sort(),
      toolsets,
      created_at: now.toISOString(),
      expires_at: expiresAt?.toISOString() ?? null,
      last_used_at: null,
      key_sha256: hashKey(key),
    };
    await this.store.change((keys) => ({ ...keys, [id]: record }));
    const { name, scopes, created_at, expires_at } = record;
    return { id, name, scopes, toolsets, created_at, expires_at, key };
  }

  list(now = new Date()): ApiKeyView[] {
    return Object.entries(this.store.all())
      .map(([id, r]) => this.view(id, r, now))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }

  /** Effective before it resolves: the next request with this key is refused. */
  async revoke(id: string): Promise<void> {
    if (!this.store.get(id)) {
      throw apiKeyNotFound(id);
    }
    await this.store.change((keys) => {
      delete keys[id];
      return keys;
    });
  }

  verify(bearer: string, now = new Date()): KeyPrincipal | undefined {
    if (!looksLikeKey(bearer)) return undefined;
    const hash = hashKey(bearer);
    const id = this.store.idForHash(hash);
    const record = id === undefined ? undefined : this.store.get(id);
    if (!id || !record || !sameHash(record.key_sha256, hash)) return undefined;
    if (isExpired(record, now)) return undefined;
    this.lastUse.note(id, now);
    return { kind: 'key', id, scopes: record.scopes, toolsets: record.toolsets };
  }

  keysBoundTo(toolsetId: string): string[] {
    return this.list()
      .filter((key) => !key.expired && key.toolsets.includes(toolsetId))
      .map((key) => key.id);
  }

  private view(id: string, r: ApiKeyRecord, now: Date): ApiKeyView {
    return {
      id,
      name: r.name,
      scopes: r.scopes,
      toolsets: r.toolsets,
      created_at: r.created_at,
      expires_at: r.expires_at,
      last_used_at: this.lastUse.lastUsed(id),
      expired: isExpired(r, now),
    };
  }
}

const isExpired = (r: ApiKeyRecord, now: Date): boolean =>
  r.expires_at !== null && Date.parse(r.expires_at) <= now.getTime();

/**
 * Toolsets bind the `mcp` scope. A bound key may not also hold `invoke` or `admin`: those
 * reach tools through /api/v1 by any name, which would step around the binding.
 */
function checkToolsetBinding(scopes: readonly string[], toolsets: readonly string[]): void {
  if (toolsets.length === 0) return;
  const problem = !scopes.includes('mcp')
    ? 'needs the "mcp" scope'
    : scopes.some((s) => s === 'invoke' || s === 'admin')
      ? 'cannot be combined with the "invoke" or "admin" scope'
      : undefined;
  if (!problem) return;
  throw new ValidationFailedError(`toolsets ${problem}: they limit what an "mcp" key reaches.`, {
    fields: [{ field: 'toolsets', problems: [problem] }],
  });
}
