/** Pending OAuth authorizations in database mode: the same rules, and any replica can take a state. */
import { Pool } from 'pg';
import { Database } from '../../src/database/database';
import { migrate } from '../../src/database/migrate';
import { PgAuthorizationFlows } from '../../src/oauth/authorization-flows';
import { describeFlows } from '../helpers/authorization-flows.contract';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
  quiet,
} from '../helpers/test-database';

describeWithDatabase('PgAuthorizationFlows', () => {
  let testDb: TestDatabase;
  const open: Database[] = [];
  const connect = () => {
    const db = new Database(new Pool({ connectionString: testDb.url }), testDb.url, 'r');
    open.push(db);
    return new PgAuthorizationFlows(db);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrate(testDb.url, quiet);
  });
  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
    await testDb.drop();
  });

  describeFlows(connect);

  it('a state issued by one replica is taken once by another, and only its hash is stored', async () => {
    const state = await connect().start('remote-b');
    const rows = await testDb.query<{ state_hash: string }>(
      "SELECT state_hash FROM patchbay_oauth_states WHERE server_id = 'remote-b'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].state_hash).not.toContain(state);
    const [first, second] = await Promise.allSettled([
      connect().take(state),
      connect().take(state),
    ]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
  });
});
