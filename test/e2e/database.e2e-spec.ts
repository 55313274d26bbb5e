/** Database mode's foundation on a real PostgreSQL: migrations once under a lock, NOTIFY between replicas. */
import { spawn } from 'node:child_process';
import { AddressInfo, Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Database } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { MIGRATIONS } from '../../src/database/migrations';
import { ROOT } from '../helpers/fixtures';
import { startReplica } from '../helpers/replicas';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
  quiet,
} from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

describeWithDatabase('database mode: foundation', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('migrates once when three replicas start together, and not again after', async () => {
    const applied = await Promise.all([
      migrate(db.url, quiet),
      migrate(db.url, quiet),
      migrate(db.url, quiet),
    ]);
    expect(applied.flat().sort()).toEqual(Object.keys(MIGRATIONS).sort());
    expect(await migrate(db.url, quiet)).toEqual([]);
    const rows = await db.query<{ name: string }>('SELECT name FROM patchbay_migrations');
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('delivers a NOTIFY from one connection to the listeners of another', async () => {
    const a = new Database(new Pool({ connectionString: db.url }), db.url, 'a');
    const b = new Database(new Pool({ connectionString: db.url }), db.url, 'b');
    try {
      const seen: string[] = [];
      b.listen('patchbay_test', (payload) => seen.push(payload));
      await b.listening();
      await a.notify('patchbay_test', 'hello');
      await waitFor(() => seen.includes('hello'), 'the notification on the other connection');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('stops a replica whose database host never answers, naming the host and not the password', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const start = startReplica({
        databaseUrl: `postgres://patchbay:pw-not-in-output@127.0.0.1:${port}/patchbay`,
        id: 'unreachable',
      });
      const failure = await start.then(
        () => new Error('the replica started'),
        (err: Error) => err,
      );
      expect(failure.message).toMatch(/replica unreachable exited/);
      expect(failure.message).toContain(
        `Cannot use the database patchbay@127.0.0.1:${port}/patchbay: `,
      );
      expect(failure.message).toMatch(/timeout/i);
      expect(failure.message).not.toContain('pw-not-in-output');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('lets a process whose LISTEN connection failed to open exit (no retry timer keeps it)', async () => {
    const listener = join(ROOT, 'dist', 'database', 'pg-listener.js');
    const script = `new (require(${JSON.stringify(listener)}).PgListener)('postgres://u@127.0.0.1:1/x')
      .ready().catch((err) => console.log('refused: ' + err.message))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let code: number | null | undefined;
    child.once('exit', (c) => (code = c));
    try {
      await waitFor(() => code !== undefined, 'the process to exit');
    } finally {
      child.kill('SIGKILL');
    }
    expect(code).toBe(0);
    expect(output).toContain('refused: Could not open the LISTEN connection');
  });

  it('starts a replica process on the database and answers its health route', async () => {
    const replica = await startReplica({ databaseUrl: db.url, id: 'solo' });
    try {
      const res = await replica.http.get('/api/v1/health').expect(200);
      expect(res.body.status).toBe('ok');
      const migrations = await db.query<{ name: string }>('SELECT name FROM patchbay_migrations');
      expect(migrations.length).toBe(Object.keys(MIGRATIONS).length);
    } finally {
      await replica.stop();
    }
  });
});
