import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { ResolvedCredentials } from '../secrets/secrets.types';
import { PatchbayError, serverClosed, serverDown } from '../common/errors/catalogue';
import { describeExit, toPatchbayError } from './mcp-client.errors';
import { ClientEvent, ConnectionInfo, ConnectionState, Tool } from './mcp-client.types';
import { McpSession, SessionDeps, SessionHooks } from './mcp-session';
import { backoffDelay, BackoffPolicy } from './support/backoff';
import { CallGate } from './support/call-gate';
import { Debouncer } from './support/debouncer';
import { ToolCache } from './support/tool-cache';
import type { WireKind } from './transport/transport.factory';

export interface SupervisorDeps extends SessionDeps {
  policy: BackoffPolicy;
  maxInFlight: number;
  maxQueued: number;
  /** Quiet time after the last `tools/list_changed` before the list is fetched again. */
  toolsChangedDebounceMs: number;
  resolveCredentials(server: McpServerConfig): Promise<ResolvedCredentials>;
  emit(event: ClientEvent): void;
  random?: () => number;
}

/**
 * Keeps one server connected: a single shared connect, reconnects with exponential backoff
 * and jitter after a crash (a new Client and transport each time), and stops retrying a
 * server that crash-loops until it is checked. While down, callers fail fast.
 */
export class ServerSupervisor {
  readonly gate: CallGate;
  private session: McpSession | null = null;
  private connecting: Promise<McpSession> | null = null;
  private state: ConnectionState = 'idle';
  private failures = 0;
  private lastError: string | null = null;
  private nextRetryAt: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wire: WireKind;
  private readonly hooks: SessionHooks;
  private readonly tools: ToolCache;
  private readonly toolsChanged: Debouncer;

  constructor(
    public server: McpServerConfig,
    private readonly deps: SupervisorDeps,
  ) {
    this.wire = server.transport;
    this.gate = new CallGate(server.id, deps.maxInFlight, deps.maxQueued);
    this.tools = new ToolCache(
      () => this.server.timeoutMs,
      (tools) => deps.emit({ kind: 'tools_listed', serverId: this.server.id, tools }),
    );
    this.hooks = {
      onLost: (s) => this.lost(s),
      onToolsChanged: (s) => s === this.session && this.onToolsChanged(),
      onNotification: (s, notification) =>
        s === this.session &&
        deps.emit({ kind: 'notification', serverId: this.server.id, notification }),
    };
    this.toolsChanged = new Debouncer(deps.toolsChangedDebounceMs, () => this.refreshTools());
  }

  info(): ConnectionInfo {
    return {
      state: this.state,
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt,
      pid: this.session?.isOpen ? this.session.pid : null,
      transport: this.session?.isOpen ? this.session.wire : null,
    };
  }

  /** The open session, or the connect in progress; fails fast while the server is down. */
  acquire(): Promise<McpSession> {
    if (this.state === 'closed') return Promise.reject(this.closedError());
    if (this.session?.isOpen) return Promise.resolve(this.session);
    if (this.connecting) return this.connecting;
    if (this.state === 'backoff' || this.state === 'failed') {
      return Promise.reject(serverDown(this.server.id, this.lastError, this.nextRetryAt));
    }
    return this.connect();
  }

  /** The open session when there is one, without waiting: the per-call fast path. */
  openSession(): McpSession | null {
    return this.state !== 'closed' && this.session?.isOpen ? this.session : null;
  }

  /** A check connects at once, even while backing off or after retries stopped. */
  async check(): Promise<{ session: McpSession; opened: boolean }> {
    if (this.session?.isOpen) return { session: this.session, opened: false };
    if (this.state === 'closed') throw this.closedError();
    return { session: await (this.connecting ?? this.connect()), opened: true };
  }

  /** Drops a session whose wire failed; `failed` counts towards backoff, otherwise reconnect now. */
  invalidate(session: McpSession, error: PatchbayError | null): void {
    if (session !== this.session) return;
    this.session = null;
    void session.close();
    if (error) this.down(error.message);
    else this.state = 'idle';
  }

  /** The session's tool list, cached per connection and reloaded after `tools/list_changed`. */
  toolsFor(session: McpSession): Promise<Tool[]> {
    return this.tools.get(session);
  }

  /** A fresh tools/list on the session, replacing the cached list. */
  reloadTools(session: McpSession): Promise<Tool[]> {
    return this.tools.reload(session);
  }

  /** The open session's cached tool list, or null when it must be (re)loaded. */
  cachedTools(): Tool[] | null {
    return this.openSession() ? this.tools.cached() : null;
  }

  cachedTool(name: string): Tool | undefined {
    return this.tools.find(name);
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.clearTimer();
    this.toolsChanged.cancel();
    const session = this.session;
    this.session = null;
    await this.connecting?.catch(() => undefined);
    await session?.close();
  }

  private connect(): Promise<McpSession> {
    this.clearTimer();
    this.state = 'connecting';
    this.nextRetryAt = null;
    const attempt = this.deps
      .resolveCredentials(this.server)
      .then((creds) => McpSession.open(this.server, this.wire, creds, this.deps, this.hooks))
      .then(
        (session) => this.connected(session),
        (err: unknown) => {
          const error = toPatchbayError(err, {
            serverId: this.server.id,
            wire: this.wire,
            phase: 'connect',
          });
          if (this.state !== 'closed') this.down(error.message);
          throw error;
        },
      )
      .finally(() => (this.connecting = null));
    this.connecting = attempt;
    return attempt;
  }

  private async connected(session: McpSession): Promise<McpSession> {
    if (this.state === 'closed') {
      await session.close();
      throw this.closedError();
    }
    const hadTools = this.tools.reset();
    this.session = session;
    this.wire = session.wire;
    this.state = 'connected';
    this.lastError = null;
    this.deps.log(
      'log',
      this.server.id,
      `connected over ${session.wire} (pid ${session.pid ?? '-'})`,
    );
    this.deps.emit({ kind: 'connected', serverId: this.server.id });
    if (hadTools) this.refreshTools();
    return session;
  }

  private lost(session: McpSession): void {
    if (session !== this.session || this.state === 'closed') return;
    this.session = null;
    void session.close(); // ends what the process left behind in its group
    if (Date.now() - session.openedAt >= this.deps.policy.stableMs) this.failures = 0;
    const why = describeExit(session.handle.exit()) ?? 'the connection closed';
    const tail = session.stderr?.tail(1)[0];
    this.down(`The connection was lost: ${why}${tail ? `; last stderr: ${tail}` : ''}.`);
  }

  /** Records a failure and schedules the next attempt, or stops after too many in a row. */
  private down(error: string): void {
    this.failures++;
    this.lastError = error;
    this.deps.emit({ kind: 'disconnected', serverId: this.server.id, error });
    const { policy } = this.deps;
    if (this.failures >= policy.maxFailures) {
      this.state = 'failed';
      this.nextRetryAt = null;
      this.deps.log(
        'warn',
        this.server.id,
        `failed ${this.failures} times in a row; retries stop until checked or re-enabled: ${error}`,
      );
      return;
    }
    const delay = backoffDelay(this.failures, policy, this.deps.random);
    this.state = 'backoff';
    this.nextRetryAt = new Date(Date.now() + delay);
    this.deps.log('warn', this.server.id, `down (${error}); retry in ${delay} ms`);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  /** Readers see the change at once; a burst of notifications costs one listing. */
  private onToolsChanged(): void {
    this.tools.reset();
    this.toolsChanged.schedule();
  }

  private refreshTools(): void {
    const session = this.session;
    this.tools.reset();
    if (!session) return;
    this.tools.get(session).catch((err: unknown) => {
      this.deps.log('debug', this.server.id, `tool list refresh failed: ${String(err)}`);
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private closedError(): PatchbayError {
    return serverClosed(this.server.id);
  }
}
