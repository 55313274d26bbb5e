import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorResult,
  HealthIndicatorService,
  HealthIndicatorStatus,
} from '@nestjs/terminus';
import { processRedactor } from '../common/redact';
import { McpClientService } from '../mcp-client/mcp-client.service';
import { ServerCounts } from './server-status.types';

/** What one probe of a server reports, terminus-style (`status` is up or down). */
export interface ProbeDetails {
  latency_ms: number | null;
  new_connection: boolean;
  /** Set when the probe listed tools. */
  tool_count: number | null;
  /** Why it is down, or a warning on an answering server. */
  message: string | null;
}

export type ProbeResult = HealthIndicatorResult<string, HealthIndicatorStatus, ProbeDetails>;

export interface ProbeOptions {
  timeoutMs: number;
  listTools: boolean;
}

/** Extra time given to the client's own timeout, so its (more specific) error wins. */
const GRACE_MS = 250;

class ProbeTimeout extends Error {}

/**
 * Terminus indicators for MCP servers: `pingCheck` probes one server (a protocol ping on the
 * pooled connection, which opens it if needed, plus a tool listing when asked or when the
 * connection is new), and `summary` reports the service itself with the servers by state.
 */
@Injectable()
export class McpServerIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly client: McpClientService,
  ) {}

  async pingCheck(serverId: string, options: ProbeOptions): Promise<ProbeResult> {
    const session = this.indicators.check(serverId);
    const { timeoutMs } = options;
    // Each request gets the timeout: a probe is bounded, and a slow answer is still measured.
    const ping = () => withTimeout(this.client.ping(serverId, { timeoutMs }), timeoutMs + GRACE_MS);
    try {
      let result = await ping();
      const newConnection = result.newConnection;
      // A new connection's ping includes the spawn and handshake; measure the ping alone.
      if (newConnection) result = await ping();
      let toolCount: number | null = null;
      let message: string | null = null;
      if (options.listTools || newConnection) {
        try {
          // A fresh listing (not the cache): tool pinning sees definitions changed silently.
          const listing = this.client.listTools(serverId, { fresh: !newConnection });
          toolCount = (await withTimeout(listing, timeoutMs)).length;
        } catch (err) {
          message = `It answers pings, but listing its tools failed: ${describe(err, timeoutMs)}`;
        }
      }
      const details = { latency_ms: result.latencyMs, new_connection: newConnection };
      return session.up({ ...details, tool_count: toolCount, message });
    } catch (err) {
      return session.down({
        latency_ms: null,
        new_connection: false,
        tool_count: null,
        message: describe(err, timeoutMs),
      });
    }
  }

  /** The service's own health: it is up while it answers; servers are reported, not judged. */
  summary(key: string, servers: ServerCounts) {
    return this.indicators.check(key).up({ ...servers });
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), ms);
  });
  // The client keeps the work going (a connect in progress is shared); never leave it unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof ProbeTimeout) return `No answer within ${timeoutMs} ms.`;
  if (!(err instanceof Error)) return processRedactor.redact(String(err));
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return processRedactor.redact(`${err.message}${cause}`);
}
