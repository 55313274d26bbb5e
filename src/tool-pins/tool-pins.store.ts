import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { join } from 'node:path';
import { JsonFile } from '../common/json-file';
import { patchbayConfig } from '../config/patchbay.config';
import { PinEntry, ToolPinsFile, parseToolPinsFile } from './tool-pins.schema';

type ServerPins = Record<string, PinEntry>;

/**
 * data/tool_pins.json: the pinned definition of every server tool. Reads are synchronous
 * from memory (a call checks its tool on the hot path); writes are atomic, serialised, and
 * checked against the start-up schema first.
 */
@Injectable()
export class ToolPinsStore {
  private readonly file: JsonFile<ToolPinsFile>;
  private pins: Record<string, ServerPins>;

  constructor(@Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>) {
    this.file = new JsonFile(join(config.dataDir, 'tool_pins.json'), parseToolPinsFile, () => ({
      tool_pins: {},
    }));
    this.pins = structuredClone(this.file.value.tool_pins);
  }

  forServer(serverId: string): ServerPins {
    return this.pins[serverId] ?? {};
  }

  hasServer(serverId: string): boolean {
    return this.pins[serverId] !== undefined;
  }

  /** Pins (or re-pins) tools and drops others, in memory at once and on disk before resolving. */
  save(serverId: string, set: PinEntry[], drop: string[] = []): Promise<void> {
    const next = { ...this.forServer(serverId) };
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
    this.pins = { ...this.pins, [serverId]: next };
    return this.persist();
  }

  forget(serverId: string): Promise<void> {
    if (!this.hasServer(serverId)) return Promise.resolve();
    const rest = { ...this.pins };
    delete rest[serverId];
    this.pins = rest;
    return this.persist();
  }

  private async persist(): Promise<void> {
    await this.file.update(() => {
      const value = { tool_pins: structuredClone(this.pins) };
      // JsonFile checks it with the start-up parser before it writes (the write rule).
      return value;
    });
  }
}
