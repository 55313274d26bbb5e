import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { LEADER_LOCK_NAME, LEADER_POLL_MS, LEADER_QUERY_TIMEOUT_MS } from './cluster.constants';

/**
 * The leader's seat: a session advisory lock held on a connection of its own (a pooled one
 * would hand the lock to whatever query borrows it next). Polls every `pollMs`: a follower
 * tries to take the lock, the leader checks its connection still answers. PostgreSQL drops
 * the lock when the session ends, so a leader killed with -9 frees the seat as soon as the
 * server sees its socket close; a leader whose connection fails steps down at once, before
 * the server can give the seat to anyone else.
 */
export class AdvisoryLeaderLock {
  private readonly logger = new Logger('LeaderElection');
  private client?: Client;
  private leader = false;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private closed = false;
  private lastError?: string;

  constructor(
    private readonly url: string,
    /** Called on every change of leadership, with the new value. */
    private readonly onChange: (leader: boolean) => void,
    private readonly pollMs = LEADER_POLL_MS,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  /** Tries once now (so a lone replica leads from its first moment), then every `pollMs`. */
  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Ends the session, which releases the lock for the next replica's poll. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.polling;
    this.setLeader(false);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One poll at a time: a slow database makes ticks skip, never pile up. */
  poll(): Promise<void> {
    if (this.polling || this.closed) return this.polling ?? Promise.resolve();
    this.polling = this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      if (this.leader) {
        await client.query('SELECT 1');
        return;
      }
      const rows = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [LEADER_LOCK_NAME],
      );
      if (this.closed) return;
      this.lastError = undefined;
      this.setLeader(rows.rows[0]?.locked === true);
    } catch (err) {
      this.lost((err as Error).message);
    }
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      // Our side: notice a silent network loss; a stuck query counts as a lost connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
      query_timeout: LEADER_QUERY_TIMEOUT_MS,
      connectionTimeoutMillis: LEADER_QUERY_TIMEOUT_MS,
      application_name: 'patchbay-leader',
    });
    client.on('error', (err) => this.dropped(client, err.message));
    client.on('end', () => this.dropped(client, 'connection ended'));
    this.client = client;
    try {
      await client.connect();
      // The server's side: a leader host that vanishes without closing its socket loses its
      // session (and the lock) after about 3 + 3 x 2 = 9 s instead of the kernel's hours.
      await client.query(
        'SET tcp_keepalives_idle = 3; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3',
      );
    } catch (err) {
      this.client = undefined;
      void client.end().catch(() => undefined);
      throw err;
    }
    return client;
  }

  /** The connection failed or ended: whatever lock it held is gone (or soon will be). */
  private dropped(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.lost(reason);
  }

  private lost(reason: string): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    if (this.closed) return;
    if (this.leader || reason !== this.lastError) {
      this.logger.warn(`leader connection failed (${reason}); retrying every ${this.pollMs} ms`);
    }
    this.lastError = reason;
    this.setLeader(false);
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.onChange(leader);
  }
}
