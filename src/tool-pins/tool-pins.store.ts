import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { StoredDocument } from '../common/stored-document';
import { patchbayConfig } from '../config/patchbay.config';
import { Documents } from '../database/documents';
import { PinEntry, ToolPinsFile, parseToolPinsFile } from './tool-pins.schema';

type ServerPins = Record<string, PinEntry>;

/**
 * data/tool_pins.json (a database document in database mode): the pinned definition of every
 * server tool. Reads are synchronous from memory (a call checks its tool on the hot path);
 * writes are serialised, checked against the start-up schema first, and change only their
 * server's pins in the document as stored, so replicas pinning different servers keep both.
 */
@Injectable()
export class ToolPinsStore implements OnModuleInit, OnModuleDestroy {
  private readonly file: StoredDocument<ToolPinsFile>;
  private pins: Record<string, ServerPins>;
  /** Writes in flight per server: memory shows their result once the last one is stored. */
  private readonly pending = new Map<string, number>();

  constructor(
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
    @Optional() private readonly documents: Documents = Documents.files(),
  ) {
    this.file = documents.document(
      'tool_pins',
      join(config.dataDir, 'tool_pins.json'),
      parseToolPinsFile,
      () => ({ tool_pins: {} }),
    );
    this.pins = structuredClone(this.file.value.tool_pins);
  }

  // Pins made on another replica; a single process owns its file, so it does not watch it.
  onModuleInit(): void {
    if (this.documents.shared) {
      this.file.watch((value) => (this.pins = structuredClone(value.tool_pins)));
    }
  }

  onModuleDestroy(): void {
    this.file.close();
  }

  forServer(serverId: string): ServerPins {
    return this.pins[serverId] ?? {};
  }

  hasServer(serverId: string): boolean {
    return this.pins[serverId] !== undefined;
  }

  /** Pins (or re-pins) tools and drops others, in memory at once and stored before resolving. */
  save(serverId: string, set: PinEntry[], drop: string[] = []): Promise<void> {
    const change = (pins: ServerPins | undefined): ServerPins => {
      const next = { ...pins };
      for (const name of drop) delete next[name];
      // defineProperty: a tool named `__proto__` must stay a key, not become a prototype.
      for (const pin of set) {
        Object.defineProperty(next, pin.definition.name, {
          value: pin,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return next;
    };
    this.pins = { ...this.pins, [serverId]: change(this.pins[serverId]) };
    return this.persist(serverId, change);
  }

  forget(serverId: string): Promise<void> {
    if (!this.hasServer(serverId)) return Promise.resolve();
    const rest = { ...this.pins };
    delete rest[serverId];
    this.pins = rest;
    return this.persist(serverId, () => undefined);
  }

  /** Applies `change` to this server's pins as stored (JsonFile/PgDocument check the result). */
  private async persist(
    serverId: string,
    change: (pins: ServerPins | undefined) => ServerPins | undefined,
  ): Promise<void> {
    this.pending.set(serverId, (this.pending.get(serverId) ?? 0) + 1);
    try {
      const stored = await this.file.update((file) => {
        const all = { ...file.tool_pins };
        const next = change(all[serverId]);
        if (next) all[serverId] = structuredClone(next);
        else delete all[serverId];
        return { tool_pins: all };
      });
      if (this.pending.get(serverId) === 1) this.settle(serverId, stored.tool_pins[serverId]);
    } finally {
      this.pending.set(serverId, (this.pending.get(serverId) ?? 1) - 1);
    }
  }

  private settle(serverId: string, stored: ServerPins | undefined): void {
    const pins = { ...this.pins };
    if (stored) pins[serverId] = stored;
    else delete pins[serverId];
    this.pins = pins;
  }
}
