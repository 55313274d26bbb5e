import { Logger } from '@nestjs/common';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { Pool } from 'pg';
import { SilentProxy, startSilentProxy } from '../../test/helpers/silent-proxy';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
} from '../../test/helpers/test-database';
import { Database } from './database';
import { poolOptions } from './pool-options';

describeWithDatabase('pool options (PostgreSQL)', () => {
  let test: TestDatabase;
  let proxy: SilentProxy;
  let db: Database;

  beforeAll(() => Logger.overrideLogger(['error']));
  beforeEach(async () => {
    test = await createTestDatabase();
    proxy = await startSilentProxy(test.url);
    db = new Database(new Pool(poolOptions(proxy.url, 2, 300)), proxy.url, 'a');
  });
  afterEach(async () => {
    await db.close();
    await proxy.close();
    await test.drop();
  });

  it('fails a query whose connection went silent, and the next one gets a fresh connection', async () => {
    expect(await db.query('SELECT 1 AS n')).toEqual([{ n: 1 }]);
    proxy.silenceOpenConnections();
    await expect(db.query('SELECT 2 AS n')).rejects.toThrow('Query read timeout');
    expect(await db.query('SELECT 3 AS n')).toEqual([{ n: 3 }]);
  });

  it('fails a transaction whose connection went silent without reusing that connection', async () => {
    await db.query('CREATE TABLE t (n int)');
    const work = db.transaction(async (client) => {
      await client.query('INSERT INTO t VALUES (1)');
      proxy.silenceOpenConnections();
      await client.query('INSERT INTO t VALUES (2)');
    });
    await expect(work).rejects.toThrow('Query read timeout');
    await db.transaction((client) => client.query('INSERT INTO t VALUES (3)'));
    expect(await test.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 3 }]);
  });
});

describe('pool options (a host that accepts and never answers)', () => {
  let server: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails the connect instead of waiting for the kernel', async () => {
    const { port } = server.address() as AddressInfo;
    const pool = new Pool(poolOptions(`postgres://u@127.0.0.1:${port}/db`, 1, 300, 300));
    pool.on('error', () => undefined);
    try {
      await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
    } finally {
      await pool.end();
    }
  });
});
