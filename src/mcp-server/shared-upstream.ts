import { Injectable } from '@nestjs/common';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { McpForwarding } from './mcp-forwarding';
import { SessionState, mostVerbose } from './session-state';

/**
 * What downstream sessions share on one upstream connection, kept apart per session:
 * a resource subscription is sent upstream by the first session that wants it and
 * withdrawn after the last; the upstream log level is the most verbose any session asked
 * for, and each session gets only the messages at its own level.
 */
@Injectable()
export class SharedUpstream {
  private readonly subscribers = new Map<string, number>();
  private readonly levels = new Map<SessionState, { serverId: string; level: LoggingLevel }>();

  constructor(private readonly fwd: McpForwarding) {}

  async subscribe(serverId: string, uri: string, state: SessionState): Promise<void> {
    if (state.subscriptions.has(uri)) return;
    const key = `${serverId}\n${uri}`;
    const count = this.subscribers.get(key) ?? 0;
    if (count === 0) await this.fwd.forward(serverId, 'resources/subscribe', { uri });
    this.subscribers.set(key, count + 1);
    state.subscriptions.add(uri);
  }

  async unsubscribe(serverId: string, uri: string, state: SessionState): Promise<void> {
    if (!state.subscriptions.delete(uri)) return;
    const key = `${serverId}\n${uri}`;
    const count = (this.subscribers.get(key) ?? 1) - 1;
    if (count > 0) {
      this.subscribers.set(key, count);
      return;
    }
    this.subscribers.delete(key);
    await this.fwd.forward(serverId, 'resources/unsubscribe', { uri });
  }

  async setLevel(serverId: string, state: SessionState, level: LoggingLevel): Promise<void> {
    state.logLevel = level;
    this.levels.set(state, { serverId, level });
    await this.pushLevel(serverId);
  }

  /** A session ended: withdraw what only it needed. */
  release(serverId: string, state: SessionState): void {
    for (const uri of [...state.subscriptions]) {
      this.unsubscribe(serverId, uri, state).catch(() => undefined);
    }
    if (this.levels.delete(state)) this.pushLevel(serverId).catch(() => undefined);
  }

  private async pushLevel(serverId: string): Promise<void> {
    const wanted = [...this.levels.values()].filter((l) => l.serverId === serverId);
    const level = mostVerbose(wanted.map((l) => l.level));
    if (level) await this.fwd.forward(serverId, 'logging/setLevel', { level });
  }
}
