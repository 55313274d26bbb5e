import { firstValueFrom } from 'rxjs';
import { toReplicaView } from './dto/replica-view.dto';
import { LeaderService } from './leader.service';
import { parseServerStates } from './replica.types';

describe('LeaderService in file mode', () => {
  it('leads from the start and says so on its stream', async () => {
    const leader = new LeaderService(null);
    await leader.onModuleInit();
    expect(leader.isLeader()).toBe(true);
    expect(await firstValueFrom(leader.changes)).toBe(true);
    await leader.onModuleDestroy();
  });
});

describe('heartbeat rows', () => {
  it('keep only string states from the servers column', () => {
    expect(parseServerStates({ a: 'healthy', b: 3, c: null })).toEqual({ a: 'healthy' });
    expect(parseServerStates(['healthy'])).toEqual({});
    expect(parseServerStates(null)).toEqual({});
  });

  it('show with snake_case fields and ISO times', () => {
    const at = new Date('2026-12-06T07:00:00.000Z');
    const record = { replicaId: 'r1', host: 'h', startedAt: at, lastSeenAt: at, leader: true };
    expect(toReplicaView({ ...record, servers: { a: 'healthy' } })).toEqual({
      replica_id: 'r1',
      host: 'h',
      started_at: '2026-12-06T07:00:00.000Z',
      last_seen_at: '2026-12-06T07:00:00.000Z',
      leader: true,
      servers: { a: 'healthy' },
    });
  });
});
