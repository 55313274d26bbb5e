import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { CONNECT_TIMEOUT_MS, SERVER_KEEPALIVES } from './pool-options';

type Subscriber = { handler: (payload: string) => void; onResync?: () => void };

const RETRY_MS = [250, 500, 1000, 2000, 5000];

export interface PgListenerOptions {
  /** How often the idle connection is checked with `SELECT 1`. */
  pingMs?: number;
  /** A ping (or LISTEN) unanswered this long counts as a lost connection. */
  pingTimeoutMs?: number;
}

/**
 * One dedicated connection that LISTENs on every channel a subscriber asked for, and comes
 * back with the same LISTENs after the database restarts or the connection drops.
 */
export class PgListener {
  private readonly logger = new Logger(PgListener.name);
  private readonly channels = new Map<string, Set<Subscriber>>();
  private client?: Client;
  private connecting?: Promise<void>;
  private attempt = 0;
  private retry?: NodeJS.Timeout;
  private ping?: NodeJS.Timeout;
  private pinging = false;
  private closed = false;
  /** LISTEN/UNLISTEN statements sent on the open connection, in order. */
  private sent: Promise<void> = Promise.resolve();

  private readonly pingMs: number;
  private readonly pingTimeoutMs: number;

  constructor(
    private readonly url: string,
    options: PgListenerOptions = {},
  ) {
    this.pingMs = options.pingMs ?? 30_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 10_000;
  }

  subscribe(channel: string, handler: (payload: string) => void, onResync?: () => void) {
    const subscriber: Subscriber = { handler, onResync };
    const set = this.channels.get(channel) ?? new Set<Subscriber>();
    const fresh = set.size === 0;
    set.add(subscriber);
    this.channels.set(channel, set);
    if (fresh && this.client) void this.send(`LISTEN ${quote(channel)}`);
    if (!this.client && !this.connecting) this.connecting = this.connect(false);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.client) {
        this.channels.delete(channel);
        void this.send(`UNLISTEN ${quote(channel)}`);
      }
    };
  }

  /** Connects now if not yet connected; throws when the first try fails (a start-up check). */
  async ready(): Promise<void> {
    if (this.closed) return;
    if (!this.client) {
      await (this.connecting ?? (this.connecting = this.connect(false)));
      if (!this.client) throw new Error('Could not open the LISTEN connection to the database.');
    }
    await this.sent;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(resync: boolean): Promise<void> {
    // A LISTEN connection only receives: a NAT or firewall that forgets the idle flow would
    // leave it waiting forever without an error. Keepalives on both sides and a periodic ping
    // turn that silence into a lost connection (reconnect, then resync).
    const client = new Client({
      connectionString: this.url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: this.pingTimeoutMs,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => this.deliver(msg.channel, msg.payload ?? ''));
    try {
      await client.connect();
      await client.query(SERVER_KEEPALIVES);
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${quote(channel)}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      this.connecting = undefined;
      this.scheduleRetry((err as Error).message);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connecting = undefined;
    this.attempt = 0;
    clearInterval(this.ping);
    this.ping = setInterval(() => void this.pingOnce(client), this.pingMs).unref();
    if (resync) this.resync();
  }

  /** One ping at a time; a failed one (query_timeout included) is a lost connection. */
  private async pingOnce(client: Client): Promise<void> {
    if (this.pinging || this.client !== client) return;
    this.pinging = true;
    try {
      await client.query('SELECT 1');
    } catch (err) {
      this.lost(client, err as Error);
    } finally {
      this.pinging = false;
    }
  }

  private lost(client: Client, err?: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    clearInterval(this.ping);
    // A silent connection never ends by itself; not awaited, its peer may never answer.
    void client.end().catch(() => undefined);
    this.scheduleRetry(err?.message ?? 'connection ended');
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return;
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
    this.logger.warn(`LISTEN connection lost (${reason}); reconnecting in ${delay} ms`);
    clearTimeout(this.retry);
    // Unref'd: a start that failed (or a stop) must not be kept alive by the next attempt.
    this.retry = setTimeout(() => {
      this.connecting = this.connect(true);
    }, delay).unref();
  }

  private resync(): void {
    for (const set of this.channels.values()) for (const s of set) s.onResync?.();
  }

  private deliver(channel: string, payload: string): void {
    for (const s of this.channels.get(channel) ?? []) {
      try {
        s.handler(payload);
      } catch (err) {
        this.logger.error(`handler for ${channel} failed: ${(err as Error).message}`);
      }
    }
  }

  private send(text: string): Promise<void> {
    const client = this.client;
    this.sent = this.sent.then(async () => {
      await client?.query(text).catch((err: Error) => this.logger.warn(err.message));
    });
    return this.sent;
  }
}

/** Channel names are ours (constants), quoted anyway as identifiers. */
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
