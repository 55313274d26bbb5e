/** The database credential store on a real PostgreSQL: sealed rows, NOTIFY between replicas, the key check. */
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  TEST_SECRETS_KEY,
  describeWithDatabase,
  useMigratedDatabase,
} from '../../test/helpers/test-database';
import { waitFor } from '../../test/helpers/wait';
import { sealRow } from './pg-secret-rows';
import { PgSecretStore } from './pg-secret.store';
import { ExternalChange } from './secret-store';
import { SecretValue } from './secrets.types';

describeWithDatabase('PgSecretStore', () => {
  const pg = useMigratedDatabase();
  const secret = () => `value-${randomBytes(12).toString('hex')}`;

  async function store(replica: string, key = TEST_SECRETS_KEY) {
    const database = pg.replica(replica);
    const s = new PgSecretStore(database, key);
    const changes: ExternalChange[] = [];
    s.watch((c) => changes.push(c));
    await s.load();
    return { s, changes, database };
  }
  const rows = () =>
    pg.db.query<{ server_id: string; name: string; sealed: string }>(
      'SELECT server_id, name, sealed FROM patchbay_credentials ORDER BY server_id, name',
    );

  it('stores sealed rows only, and another replica sees each set and delete', async () => {
    const a = await store('a');
    const b = await store('b');
    const value = secret();
    await a.s.set('fx', 'TOKEN', new SecretValue(value));
    expect(a.s.get('fx', 'TOKEN')?.reveal()).toBe(value);
    const stored = await rows();
    expect(stored.map((r) => [r.server_id, r.name])).toEqual([['fx', 'TOKEN']]);
    expect(JSON.stringify(stored)).not.toContain(value);
    await waitFor(() => b.s.get('fx', 'TOKEN')?.reveal() === value, 'b to see the value', 1_000);
    expect(b.changes).toEqual([
      { serverId: 'fx', name: 'TOKEN', before: undefined, after: expect.any(SecretValue) },
    ]);
    expect(a.changes).toEqual([]); // its own write is no news to it
    expect(await a.s.delete('fx', 'TOKEN')).toBe(true);
    expect(await a.s.delete('fx', 'TOKEN')).toBe(false);
    await waitFor(() => b.s.get('fx', 'TOKEN') === undefined, 'b to see the removal', 1_000);
    expect(b.changes[1]).toMatchObject({ serverId: 'fx', name: 'TOKEN' });
    expect(b.changes[1].after).toBeUndefined();
    expect(b.changes[1].before?.reveal()).toBe(value);
  });

  it('forgets every value of a server on every replica, and keeps them across a restart', async () => {
    const a = await store('a');
    await a.s.set('fx', 'ONE', new SecretValue(secret()));
    await a.s.set('fx', 'oauth.tokens', new SecretValue('{}'));
    await a.s.set('other', 'KEY', new SecretValue('kept'));
    const b = await store('b');
    expect(b.s.values().map((v) => v.reveal())).toContain('kept');
    expect(await a.s.deleteAll('fx')).toBe(true);
    await waitFor(() => !b.s.get('fx', 'ONE') && !b.s.get('fx', 'oauth.tokens'), 'b', 1_000);
    expect(b.s.get('other', 'KEY')?.reveal()).toBe('kept');
    expect(b.changes.map((c) => c.name).sort()).toEqual(['ONE', 'oauth.tokens']);
  });

  it('reload reads a row afresh, and a resync after a lost LISTEN connection catches up', async () => {
    const b = await store('b');
    const key = Buffer.from(TEST_SECRETS_KEY, 'hex');
    const insert = (name: string, value: string) =>
      pg.db.query(
        "INSERT INTO patchbay_credentials (server_id, name, sealed, updated_by) VALUES ('fx', $1, $2, 'x')",
        [name, sealRow(key, 'fx', name, value)],
      );
    await insert('oauth.tokens', 'fresh');
    expect(b.s.get('fx', 'oauth.tokens')).toBeUndefined(); // no NOTIFY was sent
    await b.s.reload('fx', 'oauth.tokens');
    expect(b.s.get('fx', 'oauth.tokens')?.reveal()).toBe('fresh');
    await pg.db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    await insert('MISSED', 'while-away');
    await waitFor(() => b.s.get('fx', 'MISSED')?.reveal() === 'while-away', 'the resync', 10_000);
  });

  it('refuses to start with another key, naming the variable and never a value', async () => {
    const a = await store('a');
    const value = secret();
    await a.s.set('fx', 'TOKEN', new SecretValue(value));
    const other = randomBytes(32).toString('hex');
    const failure = store('c', other);
    await expect(failure).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(failure).rejects.toThrow(
      /Cannot open the credential store in the database \(table patchbay_credentials\): it was encrypted with a different key than PATCHBAY_SECRETS_KEY/,
    );
    await expect(failure).rejects.not.toThrow(value);
  });

  it('refuses a fresh database started with another key too (the key check row)', async () => {
    await store('a');
    await expect(store('c', randomBytes(32).toString('hex'))).rejects.toThrow(/different key/);
  });

  it('refuses a row moved under another name (the name is sealed with the value)', async () => {
    const a = await store('a');
    await a.s.set('fx', 'TOKEN', new SecretValue(secret()));
    await pg.db.query("UPDATE patchbay_credentials SET name = 'OTHER'");
    await expect(store('b')).rejects.toThrow(
      /table patchbay_credentials, server_id=fx name=OTHER\) is damaged \(it holds another row's value\)/,
    );
  });

  it('retries a re-read that failed after a notification until a removed value is gone', async () => {
    const a = await store('a');
    const b = await store('b');
    await a.s.set('fx', 'TOKEN', new SecretValue(secret()));
    await waitFor(() => b.s.get('fx', 'TOKEN') !== undefined, 'b to see the value');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      // The table moves away: the re-read the notification starts fails on PostgreSQL.
      await pg.db.query('ALTER TABLE patchbay_credentials RENAME TO patchbay_credentials_away');
      await pg.db.query("DELETE FROM patchbay_credentials_away WHERE server_id = 'fx'");
      await pg.db.query(
        `SELECT pg_notify('patchbay_credentials', '{"server_id": "fx", "name": "TOKEN", "replica": "a"}')`,
      );
      await waitFor(
        () => warn.mock.calls.some(([m]) => String(m).includes('credential re-read failed')),
        'the failed re-read',
      );
      expect(b.s.get('fx', 'TOKEN')).toBeDefined();
      // No new write and no new notification: only the retry can bring the removal.
      await pg.db.query('ALTER TABLE patchbay_credentials_away RENAME TO patchbay_credentials');
      await waitFor(() => b.s.get('fx', 'TOKEN') === undefined, 'the retried re-read', 10_000);
      expect(b.changes.at(-1)).toEqual({
        serverId: 'fx',
        name: 'TOKEN',
        before: expect.any(SecretValue),
      });
    } finally {
      warn.mockRestore();
    }
  });
});
