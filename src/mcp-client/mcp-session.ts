import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ServerNotification,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { PatchbayError } from '../common/errors/catalogue';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { ResolvedCredentials } from '../secrets/secrets.types';
import { FailureContext, suggestsLegacySse, toPatchbayError } from './mcp-client.errors';
import { ServerRequestHandler } from './mcp-client.types';
import { answerServerRequest } from './support/server-requests';
import { StderrTail } from './support/stderr-tail';
import { createTransport, TransportHandle, WireKind } from './transport/transport.factory';

/** What every session of every server shares. */
export interface SessionDeps {
  launchDir: string;
  validator: jsonSchemaValidator;
  fetch: FetchLike;
  /** Lines already tagged with the server id by the caller. */
  log: (level: 'log' | 'warn' | 'debug', serverId: string, message: string) => void;
  connectTimeoutMs: number;
  maxMessageBytes?: number;
  /** Builds each connection's transport; default createTransport (tests pass in-memory ones). */
  transportFactory?: typeof createTransport;
  /** Asked in turn for servers' elicitation and sampling requests; the first answer wins. */
  serverRequests?: ServerRequestHandler[];
}

export interface SessionHooks {
  /** The connection ended without Patchbay asking (crash, exit, dropped stream). */
  onLost(session: McpSession): void;
  onToolsChanged(session: McpSession): void;
  /** Any other notification (resources, prompts, log messages), for passthrough. */
  onNotification?(session: McpSession, notification: ServerNotification): void;
}

const CLIENT_INFO = { name: 'patchbay', version: '0.1.0' };
/**
 * Elicitation (form defaults filled in by the SDK when an answer accepts) and sampling are
 * passed to the downstream MCP client whose call caused them. Roots are not declared: one
 * shared connection serves many downstream clients, whose roots differ.
 */
/** roots: answered from the downstream client in flight (or empty); no list_changed to relay. */
const CLIENT_CAPABILITIES = {
  elicitation: { form: { applyDefaults: true } },
  sampling: {},
  roots: {},
};

/** One SDK Client on one transport: a single connection to a server, never reused once closed. */
export class McpSession {
  private closedByUs = false;
  private lost = false;
  readonly openedAt = Date.now();

  private constructor(
    readonly serverId: string,
    readonly client: Client,
    readonly handle: TransportHandle,
    readonly stderr: StderrTail | null,
  ) {}

  /**
   * Connects with a fresh Client and transport. A streamable_http server that answers the
   * first POST with a 4xx is tried again over legacy SSE, as the spec describes.
   * @throws PatchbayError (mcp_spawn_failed, mcp_connect_failed, mcp_timeout, ...)
   */
  static async open(
    server: McpServerConfig,
    wire: WireKind,
    creds: ResolvedCredentials,
    deps: SessionDeps,
    hooks: SessionHooks,
  ): Promise<McpSession> {
    try {
      return await McpSession.connectOnce(server, wire, creds, deps, hooks);
    } catch (err) {
      const cause = err instanceof PatchbayError ? err.cause : err;
      if (wire !== 'streamable_http' || !suggestsLegacySse(cause)) throw err;
      deps.log('log', server.id, 'streamable HTTP refused; falling back to HTTP+SSE');
      return McpSession.connectOnce(server, 'sse', creds, deps, hooks);
    }
  }

  private static async connectOnce(
    server: McpServerConfig,
    wire: WireKind,
    creds: ResolvedCredentials,
    deps: SessionDeps,
    hooks: SessionHooks,
  ): Promise<McpSession> {
    const stderr =
      wire === 'stdio'
        ? new StderrTail((line) => deps.log('log', server.id, `stderr: ${line}`))
        : null;
    const timeoutMs = Math.min(deps.connectTimeoutMs, server.timeoutMs);
    const ctx = (handle?: TransportHandle): FailureContext => ({
      serverId: server.id,
      wire,
      phase: 'connect',
      timeoutMs,
      exit: handle?.exit(),
      stderr: stderr?.tail(10),
    });
    let handle: TransportHandle | undefined;
    try {
      handle = (deps.transportFactory ?? createTransport)(server, wire, creds, {
        launchDir: deps.launchDir,
        fetch: deps.fetch,
        maxMessageBytes: deps.maxMessageBytes,
        onStderr: (chunk) => stderr?.write(chunk),
      });
      const client = new Client(CLIENT_INFO, {
        jsonSchemaValidator: deps.validator,
        capabilities: CLIENT_CAPABILITIES,
      });
      // Read at each request: a handler may be added after this connection opened.
      const answer = (...args: Parameters<ServerRequestHandler>) =>
        answerServerRequest(deps.serverRequests ?? [], ...args);
      client.setRequestHandler(ElicitRequestSchema, (req, extra) =>
        answer(server.id, req, extra.signal),
      );
      client.setRequestHandler(CreateMessageRequestSchema, (req, extra) =>
        answer(server.id, req, extra.signal),
      );
      client.setRequestHandler(ListRootsRequestSchema, (req, extra) =>
        answer(server.id, req, extra.signal),
      );
      const session = new McpSession(server.id, client, handle, stderr);
      client.onerror = (err) => deps.log('debug', server.id, `transport: ${err.message}`);
      client.setNotificationHandler(ToolListChangedNotificationSchema, () =>
        hooks.onToolsChanged(session),
      );
      client.fallbackNotificationHandler = (n) => {
        hooks.onNotification?.(session, n as ServerNotification);
        return Promise.resolve();
      };
      await client.connect(handle.transport, { timeout: timeoutMs });
      client.onclose = () => session.markLost(hooks);
      return session;
    } catch (err) {
      await handle?.transport.close().catch(() => undefined);
      throw toPatchbayError(err, ctx(handle));
    }
  }

  get wire(): WireKind {
    return this.handle.wire;
  }

  get pid(): number | null {
    return this.handle.pid();
  }

  get isOpen(): boolean {
    return !this.closedByUs && !this.lost;
  }

  /** What error mapping needs to know about this connection right now. */
  context(phase: FailureContext['phase'], timeoutMs?: number): FailureContext {
    return {
      serverId: this.serverId,
      wire: this.wire,
      phase,
      timeoutMs,
      exit: this.handle.exit(),
      stderr: this.stderr?.tail(10),
    };
  }

  /** Closes the client and ends the process group (stdio) or the HTTP session. */
  async close(): Promise<void> {
    if (this.closedByUs) return;
    this.closedByUs = true;
    await this.endHttpSession();
    await this.client.close().catch(() => undefined);
    // Client.close() closes the transport; a second close waits for the group to be gone.
    await this.handle.transport.close().catch(() => undefined);
  }

  /** Streamable HTTP: tell the server the session is over (DELETE), without waiting long. */
  private async endHttpSession(): Promise<void> {
    const transport = this.handle.transport;
    if (!(transport instanceof StreamableHTTPClientTransport) || !transport.sessionId) return;
    const timeout = new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    await Promise.race([transport.terminateSession().catch(() => undefined), timeout]);
  }

  private markLost(hooks: SessionHooks): void {
    if (this.closedByUs || this.lost) return;
    this.lost = true;
    hooks.onLost(this);
  }
}
