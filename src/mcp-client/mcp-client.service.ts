import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { Observable, Subject, Subscription } from 'rxjs';
import { PatchbayError, ServerDisabledError } from '../common/errors/patchbay.error';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { SecretsService } from '../secrets/secrets.service';
import {
  CallOptions,
  CallToolResult,
  ClientEvent,
  ConnectionInfo,
  PingResult,
  Tool,
} from './mcp-client.types';

interface Session {
  client: Client;
  ready: Promise<Client>;
  tools?: Tool[];
}

/**
 * The one way Patchbay talks to MCP servers: one long-lived client per enabled server,
 * opened on first use and shared by concurrent calls. (Skeleton; supervision lands with
 * the MCP client issue.)
 */
@Injectable()
export class McpClientService implements OnModuleDestroy {
  private readonly logger = new Logger(McpClientService.name);
  private readonly sessions = new Map<string, Session>();
  private readonly emitted = new Subject<ClientEvent>();
  private readonly subscription: Subscription;

  constructor(
    private readonly registry: IntegrationRegistryService,
    private readonly secrets: SecretsService,
  ) {
    this.subscription = this.registry.changes.subscribe((c) => void this.close(c.serverId));
  }

  get events(): Observable<ClientEvent> {
    return this.emitted.asObservable();
  }

  async callTool(
    serverId: string,
    toolName: string,
    args: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<CallToolResult> {
    const server = this.usable(serverId);
    const client = await this.connect(server);
    const timeout = Math.min(options.timeoutMs ?? server.timeoutMs, server.timeoutMs);
    const result = await client.callTool(
      { name: toolName, arguments: args },
      CallToolResultSchema,
      {
        timeout,
        signal: options.signal,
        onprogress: options.onProgress,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: timeout * 10,
      },
    );
    return result as CallToolResult;
  }

  async listTools(serverId: string): Promise<Tool[]> {
    const server = this.usable(serverId);
    const client = await this.connect(server);
    const session = this.sessions.get(serverId);
    if (session?.tools) return session.tools;
    const { tools } = await client.listTools(undefined, { timeout: server.timeoutMs });
    if (session) session.tools = tools;
    return tools;
  }

  async ping(serverId: string, options: { timeoutMs?: number } = {}): Promise<PingResult> {
    const server = this.usable(serverId);
    const newConnection = !this.sessions.has(serverId);
    const started = performance.now();
    const client = await this.connect(server);
    await client.ping({ timeout: options.timeoutMs ?? server.timeoutMs });
    return { latencyMs: performance.now() - started, newConnection };
  }

  connectionInfo(serverId: string): ConnectionInfo {
    const state = this.sessions.has(serverId) ? 'connected' : 'idle';
    return { state, lastError: null, nextRetryAt: null, pid: null };
  }

  async close(serverId: string): Promise<void> {
    const session = this.sessions.get(serverId);
    if (!session) return;
    this.sessions.delete(serverId);
    await session.client.close().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription.unsubscribe();
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private usable(serverId: string): McpServerConfig {
    const server = this.registry.getServer(serverId);
    if (!server.enabled) throw new ServerDisabledError(serverId);
    const missing = this.secrets.missingRequired(server);
    if (missing.length > 0) {
      throw new PatchbayError(
        'credentials_missing',
        `MCP server "${serverId}" needs ${missing.join(', ')}.`,
        {
          server_id: serverId,
          missing,
        },
      );
    }
    return server;
  }

  private async connect(server: McpServerConfig): Promise<Client> {
    const existing = this.sessions.get(server.id);
    if (existing) return existing.ready;
    const client = new Client({ name: 'patchbay', version: '0.1.0' });
    const ready = (async () => {
      const transport = await this.transport(server);
      await client.connect(transport, { timeout: server.timeoutMs });
      return client;
    })();
    this.sessions.set(server.id, { client, ready });
    try {
      return await ready;
    } catch (err) {
      this.sessions.delete(server.id);
      this.logger.warn(`server_id=${server.id} connect failed: ${(err as Error).message}`);
      throw new PatchbayError(
        'mcp_connect_failed',
        `Could not connect to MCP server "${server.id}".`,
        {
          server_id: server.id,
        },
      );
    }
  }

  private async transport(server: McpServerConfig): Promise<Transport> {
    const creds = await this.secrets.resolve(server);
    if (server.transport === 'stdio') {
      const env: Record<string, string> = { ...getDefaultEnvironment(), ...server.env };
      for (const [k, v] of Object.entries(creds.env)) env[k] = v.reveal();
      return new StdioClientTransport({
        command: server.command ?? '',
        args: server.args,
        env,
        cwd: server.cwd,
        stderr: 'pipe',
      });
    }
    const headers: Record<string, string> = { ...server.headers };
    for (const [k, v] of Object.entries(creds.headers)) headers[k] = v.reveal();
    const url = new URL(server.url ?? '');
    return server.transport === 'sse'
      ? new SSEClientTransport(url, { requestInit: { headers } })
      : new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  }
}
