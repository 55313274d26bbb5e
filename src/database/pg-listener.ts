import { Logger } from '@nestjs/common';
import { Client } from 'pg';

type Subscriber = { handler: (payload: string) => void; onResync?: () => void };

const RETRY_MS = [250, 500, 1000, 2000, 5000];

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
  private closed = false;
  /** LISTEN/UNLISTEN statements sent on the open connection, in order. */
  private sent: Promise<void> = Promise.resolve();

  constructor(private readonly url: string) {}

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
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(resync: boolean): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => this.deliver(msg.channel, msg.payload ?? ''));
    try {
      await client.connect();
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
    if (resync) this.resync();
  }

  private lost(client: Client, err?: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
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
