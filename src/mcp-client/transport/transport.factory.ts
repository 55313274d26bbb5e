import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { workingFolderMissing } from '../../common/errors/catalogue';
import { processRedactor } from '../../common/redact';
import { McpServerConfig } from '../../integration-registry/mcp-server.types';
import { ResolvedCredentials } from '../../secrets/secrets.types';
import { ProcessExit, ProcessStdioTransport } from './process-stdio.transport';

/** The wire a session actually uses (a streamable_http server may fall back to SSE). */
export type WireKind = 'stdio' | 'streamable_http' | 'sse';

export interface TransportHandle {
  transport: Transport;
  wire: WireKind;
  pid(): number | null;
  exit(): ProcessExit | null;
}

export interface TransportContext {
  /** Relative commands and cwd resolve against this folder. */
  launchDir: string;
  fetch: FetchLike;
  maxMessageBytes?: number;
  onStderr?: (chunk: Buffer) => void;
}

/** Builds a fresh, unstarted transport for one connection attempt. */
export function createTransport(
  server: McpServerConfig,
  wire: WireKind,
  creds: ResolvedCredentials,
  ctx: TransportContext,
): TransportHandle {
  if (wire === 'stdio') return stdioTransport(server, creds, ctx);
  const url = new URL(server.url ?? '');
  const headers: Record<string, string> = { ...server.headers };
  for (const [name, value] of Object.entries(creds.headers)) headers[name] = reveal(value);
  const options = {
    requestInit: { headers },
    fetch: observed(ctx.fetch, creds.onResponse),
    authProvider: creds.authProvider,
  };
  const transport =
    wire === 'sse'
      ? new SSEClientTransport(url, options)
      : new StreamableHTTPClientTransport(url, {
          ...options,
          // Patchbay's supervisor reconnects; the transport only retries a dropped GET stream.
          reconnectionOptions: {
            initialReconnectionDelay: 1_000,
            maxReconnectionDelay: 10_000,
            reconnectionDelayGrowFactor: 1.5,
            maxRetries: 2,
          },
        });
  return { transport, wire, pid: () => null, exit: () => null };
}

/** Lets the credentials' owner see each answer (headers only; the body is left alone). */
function observed(fetchFn: FetchLike, onResponse?: (response: Response) => void): FetchLike {
  if (!onResponse) return fetchFn;
  return async (url, init) => {
    const response = await fetchFn(url, init);
    onResponse(response);
    return response;
  };
}

/** The child's env: configured values, credentials and the SDK's minimal safe defaults only. */
export function childEnv(server: McpServerConfig, creds: ResolvedCredentials) {
  const env: Record<string, string> = { ...getDefaultEnvironment(), ...server.env };
  for (const [name, value] of Object.entries(creds.env)) env[name] = reveal(value);
  return env;
}

function stdioTransport(
  server: McpServerConfig,
  creds: ResolvedCredentials,
  ctx: TransportContext,
): TransportHandle {
  const cwd = server.cwd ? resolve(ctx.launchDir, server.cwd) : ctx.launchDir;
  if (!existsSync(cwd)) {
    throw workingFolderMissing(server.id, cwd);
  }
  const transport = new ProcessStdioTransport({
    command: resolveCommand(server.command ?? '', ctx.launchDir),
    args: server.args,
    env: childEnv(server, creds),
    cwd,
    maxMessageBytes: ctx.maxMessageBytes,
    onStderr: ctx.onStderr,
  });
  return { transport, wire: 'stdio', pid: () => transport.pid, exit: () => transport.exit };
}

/** A bare name is looked up on PATH; a relative path resolves against the launch folder. */
function resolveCommand(command: string, launchDir: string): string {
  if (isAbsolute(command) || !/[\\/]/.test(command)) return command;
  return resolve(launchDir, command);
}

function reveal(value: { reveal(): string }): string {
  const plain = value.reveal();
  // The child may echo it on stderr; make sure the redactor knows it.
  processRedactor.add(plain);
  return plain;
}
