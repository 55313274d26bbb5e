import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BoundedEventStore } from './bounded-event-store';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { progressToken: 1, progress: n },
});

async function replay(store: BoundedEventStore, after: string) {
  const sent: string[] = [];
  const stream = await store.replayEventsAfter(after, {
    send: (id) => {
      sent.push(id);
      return Promise.resolve();
    },
  });
  return { stream, sent };
}

describe('BoundedEventStore', () => {
  it('replays the later events of the same stream only, skipping priming events', async () => {
    const store = new BoundedEventStore();
    const first = await store.storeEvent('a', note(1));
    await store.storeEvent('b', note(2));
    await store.storeEvent('a', {} as JSONRPCMessage);
    const third = await store.storeEvent('a', note(3));
    await expect(store.getStreamIdForEventId(first)).resolves.toBe('a');
    expect(await replay(store, first)).toEqual({ stream: 'a', sent: [third] });
  });

  it('keeps only the newest events and refuses to replay from a forgotten one', async () => {
    const store = new BoundedEventStore(2);
    const old = await store.storeEvent('a', note(1));
    await store.storeEvent('a', note(2));
    await store.storeEvent('a', note(3));
    await expect(store.getStreamIdForEventId(old)).resolves.toBeUndefined();
    await expect(replay(store, old)).rejects.toThrow(/no longer kept/);
  });
});
