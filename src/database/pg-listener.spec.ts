import { Logger } from '@nestjs/common';
import { SilentProxy, startSilentProxy } from '../../test/helpers/silent-proxy';
import {
  TestDatabase,
  createTestDatabase,
  describeWithDatabase,
} from '../../test/helpers/test-database';
import { waitFor } from '../../test/helpers/wait';
import { PgListener } from './pg-listener';

describeWithDatabase('PgListener (PostgreSQL)', () => {
  let test: TestDatabase;
  let proxy: SilentProxy;
  let listener: PgListener;

  beforeAll(() => Logger.overrideLogger(['error']));
  beforeEach(async () => {
    test = await createTestDatabase();
    proxy = await startSilentProxy(test.url);
  });
  afterEach(async () => {
    await listener.close();
    await proxy.close();
    await test.drop();
  });

  it('notices a connection gone silent (no reset, no error) by its ping, reconnects and resyncs', async () => {
    listener = new PgListener(proxy.url, { pingMs: 100, pingTimeoutMs: 300 });
    const seen: string[] = [];
    let resyncs = 0;
    listener.subscribe(
      'patchbay_test',
      (payload) => seen.push(payload),
      () => resyncs++,
    );
    await listener.ready();
    await test.query("NOTIFY patchbay_test, 'before'");
    await waitFor(() => seen.includes('before'), 'the first notification');
    proxy.silenceOpenConnections();
    await test.query("NOTIFY patchbay_test, 'while-silent'");
    await waitFor(
      () => resyncs === 1,
      () => `a resync (seen ${resyncs})`,
    );
    expect(proxy.connections()).toBe(2);
    await test.query("NOTIFY patchbay_test, 'after'");
    await waitFor(() => seen.includes('after'), 'a notification on the new connection');
    expect(seen).toEqual(['before', 'after']);
  });
});
