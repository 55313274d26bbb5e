import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ValidationFailedError, mcpSessionNotFound } from '../common/errors/catalogue';
import type { LoggingLevel, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { BoundedEventStore } from './bounded-event-store';
import { McpEndpointFactory } from './mcp-endpoint.factory';
import { SessionState, fingerprint, levelPasses, newSessionState } from './session-state';
import { SharedUpstream } from './shared-upstream';
import { McpScope, sameScope, scopePath } from './mcp-scope';
import { McpToolIndex } from './mcp-tool-index';

interface Session {
  scope: McpScope;
  server: Server;
  transport: StreamableHTTPServerTransport;
  state: SessionState;
}

/** Beyond this many open sessions the least recently used one is closed. */
const MAX_SESSIONS = 1_000;

/**
 * The downstream MCP sessions of every endpoint: one SDK Server and streamable HTTP
 * transport per session, looked up by the `Mcp-Session-Id` header and bound to the
 * endpoint that created it (a session id is never valid on another endpoint).
 */
@Injectable()
export class McpSessionsService implements OnModuleDestroy {
  private readonly logger = new Logger(McpSessionsService.name);
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly factory: McpEndpointFactory,
    private readonly index: McpToolIndex,
    private readonly shared: SharedUpstream,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Answers one HTTP request on an endpoint; throws (before answering) for a bad one. */
  async handle(scope: McpScope, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = req.headers['mcp-session-id'];
    const session = typeof id === 'string' ? this.lookup(id, scope) : await this.open(scope, req);
    reply.hijack();
    await session.transport.handleRequest(req.raw, reply.raw, req.body);
  }

  /** Sends tools/list_changed to every session whose tool list is no longer what it was sent. */
  notifyToolsChanged(): void {
    for (const session of this.sessions.values()) {
      const { state, scope, server } = session;
      if (state.lastListed === null) continue;
      const now = fingerprint(this.index.list(scope));
      if (now === state.lastListed) continue;
      state.lastListed = now;
      server.sendToolListChanged().catch(() => undefined);
    }
  }

  /** A server's own notification, to the sessions it concerns (each with its own state). */
  relay(serverId: string, n: ServerNotification): void {
    for (const { scope, server, state } of this.sessions.values()) {
      const own = scope.kind === 'server' && scope.serverId === serverId;
      let sent: Promise<void> | undefined;
      if (n.method === 'notifications/resources/updated' && own) {
        if (state.subscriptions.has(n.params.uri)) sent = server.sendResourceUpdated(n.params);
      } else if (n.method === 'notifications/message' && own) {
        const level = n.params.level as LoggingLevel;
        if (levelPasses(level, state.logLevel)) sent = server.sendLoggingMessage(n.params);
      } else if (
        n.method === 'notifications/resources/list_changed' &&
        (own || scope.kind === 'all')
      ) {
        sent = server.sendResourceListChanged();
      } else if (
        n.method === 'notifications/prompts/list_changed' &&
        (own || scope.kind === 'all')
      ) {
        sent = server.sendPromptListChanged();
      }
      // A session whose endpoint did not declare the feature refuses it: nothing to send.
      sent?.catch(() => undefined);
    }
  }

  async onModuleDestroy(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.server.close().catch(() => undefined)));
  }

  private lookup(id: string, scope: McpScope): Session {
    const session = this.sessions.get(id);
    if (!session || !sameScope(session.scope, scope)) {
      throw mcpSessionNotFound(id, scopePath(scope));
    }
    // Map order is recency order: the oldest entry is the least recently used.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  private async open(scope: McpScope, req: FastifyRequest): Promise<Session> {
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      throw new ValidationFailedError(
        'Send the Mcp-Session-Id header, or POST an initialize request to start a session.',
      );
    }
    const state = newSessionState();
    const server = await this.factory.create(scope, state);
    const session: Session = {
      scope,
      server,
      state,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        // Resumability: a client whose SSE stream dropped reconnects with Last-Event-ID.
        eventStore: new BoundedEventStore(),
        onsessioninitialized: (sid) => this.add(sid, session),
      }),
    };
    session.transport.onclose = () => {
      const sid = session.transport.sessionId;
      if (sid && this.sessions.get(sid) === session) this.sessions.delete(sid);
      if (scope.kind === 'server') this.shared.release(scope.serverId, state);
    };
    await server.connect(session.transport);
    return session;
  }

  private add(id: string, session: Session): void {
    this.sessions.set(id, session);
    if (this.sessions.size <= MAX_SESSIONS) return;
    const [oldestId, oldest] = this.sessions.entries().next().value as [string, Session];
    this.sessions.delete(oldestId);
    this.logger.warn(`more than ${MAX_SESSIONS} MCP sessions: closed the least recently used`);
    void oldest.server.close().catch(() => undefined);
  }
}
