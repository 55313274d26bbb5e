/** GET /api/v1/cluster in file mode: one process, which is its own leader. */
import { TestApp, everythingStdio, startApp } from '../helpers/test-app';

describe('Cluster (e2e, file mode)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      servers: { off: everythingStdio({ enabled: false }) },
      env: { PATCHBAY_REPLICA_ID: 'solo-1' },
    });
  }, 60_000);
  afterAll(() => t.close());

  it('lists this process alone, as the leader, with its state per server', async () => {
    const before = Date.now();
    const res = await t.http.get('/api/v1/cluster').expect(200);
    expect(res.body).toEqual([
      {
        replica_id: 'solo-1',
        host: expect.any(String),
        started_at: expect.any(String),
        last_seen_at: expect.any(String),
        leader: true,
        servers: expect.objectContaining({ off: 'disabled' }),
      },
    ]);
    const [self] = res.body as { started_at: string; last_seen_at: string }[];
    expect(Date.parse(self.started_at)).toBeLessThanOrEqual(before);
    expect(Date.parse(self.last_seen_at)).toBeGreaterThanOrEqual(before);
  });
});
