import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Events kept per session for a client that reconnects with `Last-Event-ID`. */
export const MAX_EVENTS_PER_SESSION = 256;

interface StoredEvent {
  id: string;
  streamId: string;
  message: JSONRPCMessage;
}

/**
 * One session's SSE events, newest last and bounded, so a client whose stream dropped can
 * resume it (the SDK's resumability). An event older than the bound cannot be replayed: the
 * client then gets the SDK's error and starts over.
 */
export class BoundedEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private counter = 0;

  constructor(private readonly max = MAX_EVENTS_PER_SESSION) {}

  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}_${++this.counter}`;
    this.events.push({ id, streamId, message });
    if (this.events.length > this.max) this.events.shift();
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return Promise.resolve(this.events.find((e) => e.id === eventId)?.streamId);
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const at = this.events.findIndex((e) => e.id === lastEventId);
    if (at < 0) throw new Error(`Event ${lastEventId.slice(0, 80)} is no longer kept.`);
    const { streamId } = this.events[at];
    for (const event of this.events.slice(at + 1)) {
      // Priming events carry no message; only real messages are sent again.
      if (event.streamId === streamId && Object.keys(event.message).length > 0) {
        await send(event.id, event.message);
      }
    }
    return streamId;
  }
}
