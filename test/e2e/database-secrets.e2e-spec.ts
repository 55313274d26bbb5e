/**
 * Credentials in database mode, with three replica processes on one PostgreSQL: a value set
 * on one is used by a call on another; a replacement reconnects the others; the rows and the
 * NOTIFY payloads never hold the value; a replica with another key stops at start.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Replica, startReplica } from '../helpers/replicas';
import { TestDatabase, createTestDatabase, describeWithDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';
import { faultWithCredentials } from './secrets.support';

const FX = '/api/v1/integrations/mcp-servers/fx';

describeWithDatabase('database mode: credentials across replicas (e2e)', () => {
  const configDir = mkdtempSync(join(tmpdir(), 'patchbay-db-secrets-'));
  const first = `first-${randomBytes(12).toString('hex')}`;
  const second = `second-${randomBytes(12).toString('hex')}`;
  const notices: string[] = [];
  let db: TestDatabase;
  let listener: Client;
  let replicas: Replica[] = [];
  let a: Replica, b: Replica, c: Replica;

  /** Asks the fixture on `replica` whether its env holds `value` (the value is never echoed). */
  const envEquals = async (replica: Replica, value: string) => {
    const res = await replica.http.post('/api/v1/execution/tools/mcp_tool/invoke').send({
      args: {
        server_id: 'fx',
        tool_name: 'env-equals',
        args: { name: 'FIXTURE_SECRET', value },
      },
    });
    return res.status === 200 ? (res.body.content[0].text as string) : `status ${res.status}`;
  };
  const configured = async (replica: Replica) =>
    (await replica.http.get(FX)).body.credentials?.[0]?.configured as boolean;

  beforeAll(async () => {
    db = await createTestDatabase();
    const servers = {
      fx: faultWithCredentials([{ name: 'FX_TOKEN', required: true, env: 'FIXTURE_SECRET' }]),
    };
    writeFileSync(join(configDir, 'mcp_servers.json'), JSON.stringify({ mcp_servers: servers }));
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => notices.push(n.payload ?? ''));
    await listener.query('LISTEN patchbay_credentials');
    replicas = await Promise.all(
      ['a', 'b', 'c'].map((id) => startReplica({ databaseUrl: db.url, id, configDir })),
    );
    [a, b, c] = replicas;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await listener?.end();
    await db?.drop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('uses on replica B a credential stored through replica A', async () => {
    expect(await configured(b)).toBe(false);
    expect((await b.http.get(`${FX}/tools`)).status).toBe(424);
    await a.http.put(`${FX}/credentials/FX_TOKEN`).send({ value: first }).expect(204);
    await waitFor(() => configured(b), 'B to see the credential', 1_000);
    await waitFor(() => configured(c), 'C to see the credential', 1_000);
    expect(await envEquals(b, first)).toBe('true');
  });

  it('keeps only sealed values in the database, and NOTIFY names the row only', async () => {
    const rows = await db.query<{ server_id: string; name: string; row: string }>(
      'SELECT server_id, name, t::text AS row FROM patchbay_credentials t',
    );
    expect(rows.map((r) => [r.server_id, r.name])).toEqual([['fx', 'FX_TOKEN']]);
    expect(rows[0].row).toContain('aes-256-gcm');
    expect(rows[0].row).not.toContain(first);
    const key = await db.query<Record<string, unknown>>(
      'SELECT t::text AS row FROM patchbay_credentials_key t',
    );
    expect(key).toHaveLength(1);
    await waitFor(() => notices.length > 0, 'the NOTIFY of the write');
    expect(JSON.parse(notices[0])).toEqual({ server_id: 'fx', name: 'FX_TOKEN', replica: 'a' });
    expect(notices.join('\n')).not.toContain(first);
  });

  it('reconnects the server on replica C when replica B replaces the value', async () => {
    expect(await envEquals(c, first)).toBe('true'); // C now runs a child with the first value
    await b.http.put(`${FX}/credentials/FX_TOKEN`).send({ value: second }).expect(204);
    await waitFor(async () => (await envEquals(c, second)) === 'true', 'C to use the new value');
    expect(await envEquals(c, first)).toBe('false');
    expect(await envEquals(a, second)).toBe('true');
  });

  it('removes it everywhere when replica C deletes it', async () => {
    await c.http.delete(`${FX}/credentials/FX_TOKEN`).expect(204);
    for (const r of [a, b]) {
      await waitFor(async () => !(await configured(r)), `${r.id} to see the removal`, 1_000);
      expect((await r.http.get(FX)).body.status.state).toBe('needs_credentials');
    }
    expect(await db.query('SELECT 1 FROM patchbay_credentials')).toEqual([]);
  });

  it('stops a replica started with another key, with a clear error and no value', async () => {
    await a.http.put(`${FX}/credentials/FX_TOKEN`).send({ value: first }).expect(204);
    const wrong = randomBytes(32).toString('hex');
    const start = startReplica({
      databaseUrl: db.url,
      id: 'd',
      configDir,
      env: { PATCHBAY_SECRETS_KEY: wrong },
    });
    const failure = await start.then(
      async (d) => {
        await d.stop();
        return 'it started';
      },
      (err: Error) => err.message,
    );
    expect(failure).toMatch(
      /Patchbay failed to start: Cannot open the credential store in the database \(table patchbay_credentials\): it was encrypted with a different key than PATCHBAY_SECRETS_KEY/,
    );
    expect(failure).not.toContain(first);
    for (const r of replicas) expect(r.output()).not.toContain(first);
    for (const r of replicas) expect(r.output()).not.toContain(second);
  }, 60_000);
});
