import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ApiKeyStore } from './api-key.store';
import { ApiKeyRecord } from './api-keys.schema';

/** How long uses are gathered before one write records them all. */
export const LAST_USE_FLUSH_MS = 5_000;

/**
 * Keeps `last_used_at` off the request path: a use is noted in memory, and the uses of the
 * next few seconds are written to the store in one batch (and on shutdown).
 */
@Injectable()
export class LastUseRecorder implements OnModuleDestroy {
  private readonly logger = new Logger(LastUseRecorder.name);
  private readonly pending = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: ApiKeyStore) {}

  note(id: string, at: Date = new Date()): void {
    this.pending.set(id, at.toISOString());
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), LAST_USE_FLUSH_MS);
    this.timer.unref();
  }

  /** The latest use, written or not yet (another replica may have written a later one). */
  lastUsed(id: string): string | null {
    const stored = this.store.get(id)?.last_used_at ?? null;
    const pending = this.pending.get(id);
    return pending === undefined ? stored : laterUse(stored, pending);
  }

  /** Writes every noted use now (keys revoked meanwhile are skipped). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const uses = new Map(this.pending);
    this.pending.clear();
    // Every replica flushes: write only what moves a key's last use forward.
    const news = (keys: Record<string, ApiKeyRecord>) =>
      [...uses].filter(
        ([id, at]) =>
          Object.hasOwn(keys, id) && laterUse(keys[id].last_used_at, at) !== keys[id].last_used_at,
      );
    if (news(this.store.all()).length === 0) return;
    try {
      await this.store.change((keys) => {
        for (const [id, at] of news(keys)) keys[id] = { ...keys[id], last_used_at: at };
        return keys;
      });
    } catch (err) {
      this.logger.warn(`could not record API key use: ${(err as Error).message}`);
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }
}

/** The later of a stored last use and a new one: an older use never overwrites a newer one. */
export function laterUse(stored: string | null, at: string): string {
  if (stored === null) return at;
  const before = Date.parse(stored);
  return Number.isNaN(before) || Date.parse(at) > before ? at : stored;
}
