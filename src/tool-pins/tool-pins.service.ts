import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Observable, Subject, Subscription } from 'rxjs';
import { ToolChangedError, serverToolNotFound } from '../common/errors/catalogue';
import { patchbayConfig } from '../config/patchbay.config';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { Tool } from '../mcp-client/mcp-client.types';
import { PinVerdict, ownPin, pinVerdict } from './pin-verdict';
import { ToolDefinition, definitionOf, fingerprint } from './tool-fingerprint';
import { PinEntry } from './tool-pins.schema';
import { ToolPinsStore } from './tool-pins.store';

/** Sent on the event stream (`event: tool_pin`) when a tool is held or approved. */
export interface ToolPinEvent {
  serverId: string;
  toolName: string;
  verdict: PinVerdict;
}

/**
 * Pins each server tool's definition when first listed and holds a tool whose definition
 * changed (or, with PATCHBAY_NEW_TOOLS=hold, a tool that appeared later) until approved.
 * Listings come from the client (first use, reconnect, list_changed, health checks).
 */
@Injectable()
export class ToolPinsService implements OnModuleDestroy {
  private readonly logger = new Logger(ToolPinsService.name);
  private readonly listed = new Map<string, Set<string>>();
  private readonly lastListing = new Map<string, Tool[]>();
  private readonly announced = new Map<string, string>();
  private readonly events = new Subject<ToolPinEvent>();
  private readonly subscription: Subscription;
  private readonly newTools: 'allow' | 'hold';
  private readonly hashed = new WeakMap<Tool, { def: ToolDefinition; fp: string }>();

  constructor(
    private readonly store: ToolPinsStore,
    client: McpClientService,
    @Inject(patchbayConfig.KEY) config: ConfigType<typeof patchbayConfig>,
  ) {
    this.newTools = config.newTools;
    this.subscription = client.events.subscribe((e) => {
      if (e.kind === 'tools_listed') this.observe(e.serverId, e.tools);
    });
  }

  get changes(): Observable<ToolPinEvent> {
    return this.events.asObservable();
  }

  /** Names of the tools held (changed or new) in the server's last listing. */
  heldTools(serverId: string): string[] {
    const tools = this.lastListing.get(serverId) ?? [];
    return tools
      .filter((t) => this.verdict(serverId, t, false).state !== 'pinned')
      .map((t) => t.name);
  }

  /** The verdict of every listed tool, in listing order (for GET .../tools). */
  verdicts(serverId: string, tools: Tool[]): PinVerdict[] {
    return tools.map((t) => this.verdict(serverId, t));
  }

  /**
   * The pin check of every MCP tool call: refuses a tool whose definition is not the pinned
   * one, or a held new one. The one place this is asked; the admission path calls it.
   * @throws ToolChangedError (409 `tool_changed`, details carry the difference)
   */
  assertToolUnchanged(serverId: string, tool: Tool): void {
    // The common case on the hot path, without building a verdict: the pin matches.
    const pinned = ownPin(this.store.forServer(serverId), tool.name);
    if (pinned && pinned.fingerprint === this.described(tool).fp) return;
    const verdict = this.verdict(serverId, tool);
    if (verdict.state !== 'pinned') throw new ToolChangedError(serverId, tool.name, verdict);
  }

  /** Pins the definition the server shows now. @throws tool_not_found when it lists no such tool */
  async approve(serverId: string, tools: Tool[], toolName: string): Promise<PinVerdict> {
    const tool = tools.find((t) => t.name === toolName);
    if (!tool) {
      throw serverToolNotFound(serverId, toolName);
    }
    const before = this.verdict(serverId, tool);
    const drop = before.renamedFrom ? [before.renamedFrom] : [];
    await this.store.save(serverId, [this.pinOf(tool)], drop);
    const after = this.verdict(serverId, tool);
    this.logger.log(`server_id=${serverId} tool ${toolName} approved (${after.fingerprint})`);
    this.announce(serverId, toolName, after);
    return after;
  }

  /** Forgets a deleted server's pins. */
  async forget(serverId: string): Promise<void> {
    this.listed.delete(serverId);
    this.lastListing.delete(serverId);
    await this.store.forget(serverId);
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    this.events.complete();
  }

  private observe(serverId: string, tools: Tool[]): void {
    const known = this.store.hasServer(serverId);
    this.listed.set(serverId, new Set(tools.map((t) => t.name)));
    this.lastListing.set(serverId, tools);
    const verdicts = tools.map((t) => ({ tool: t, verdict: this.verdict(serverId, t, false) }));
    const toPin = verdicts.filter((v) => v.verdict.pinNow).map((v) => this.pinOf(v.tool));
    if (toPin.length > 0 || !known) this.persist(serverId, toPin);
    for (const { tool, verdict } of verdicts) {
      if (!verdict.pinNow) this.announce(serverId, tool.name, verdict);
    }
  }

  private verdict(serverId: string, tool: Tool, pinNow = true): PinVerdict {
    const { def, fp } = this.described(tool);
    const verdict = pinVerdict({
      def,
      fingerprint: fp,
      pins: this.store.forServer(serverId),
      listed: this.listed.get(serverId) ?? new Set([tool.name]),
      newTools: this.newTools,
      known: this.store.hasServer(serverId),
    });
    if (pinNow && verdict.pinNow) this.persist(serverId, [this.pinOf(tool)]);
    return verdict;
  }

  // A listing's Tool objects live as long as the client's cache: hash each once, not per call.
  private described(tool: Tool): { def: ToolDefinition; fp: string } {
    let found = this.hashed.get(tool);
    if (!found) {
      const def = definitionOf(tool);
      found = { def, fp: fingerprint(def) };
      this.hashed.set(tool, found);
    }
    return found;
  }

  private pinOf(tool: Tool): PinEntry {
    const { def, fp } = this.described(tool);
    return { definition: def, fingerprint: fp, pinned_at: new Date().toISOString() };
  }

  // In memory at once (the next check sees it); the disk write is logged if it fails.
  private persist(serverId: string, pins: PinEntry[]): void {
    this.store.save(serverId, pins).catch((err: unknown) => {
      this.logger.error(`server_id=${serverId} could not save tool pins: ${String(err)}`);
    });
  }

  private announce(serverId: string, toolName: string, verdict: PinVerdict): void {
    const key = `${serverId}\u0000${toolName}`;
    const seen = this.announced.get(key);
    const now = `${verdict.state}:${verdict.fingerprint}`;
    if (seen === now || (seen === undefined && verdict.state === 'pinned')) return;
    this.announced.set(key, now);
    if (verdict.state !== 'pinned') {
      this.logger.warn(
        `server_id=${serverId} tool ${toolName} ${verdict.state}; held until approved`,
      );
    }
    this.events.next({ serverId, toolName, verdict });
  }
}
