import { PatchbayError } from '../../common/errors/catalogue';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { CallGate } from './call-gate';

describe('CallGate', () => {
  it('lets `limit` in, queues the rest in order, and hands each freed slot on', async () => {
    const gate = new CallGate('s', 2, 10);
    const signal = new AbortController().signal;
    const r1 = await gate.enter(signal);
    await gate.enter(signal);
    const order: number[] = [];
    const w3 = gate.enter(signal).then((r) => (order.push(3), r));
    const w4 = gate.enter(signal).then((r) => (order.push(4), r));
    expect(gate.queued).toBe(2);
    r1();
    r1(); // a second release is ignored
    await w3;
    expect(gate.inFlight).toBe(2);
    expect(gate.queued).toBe(1);
    expect(order).toEqual([3]);
    (await w3)();
    await w4;
    expect(order).toEqual([3, 4]);
  });

  it('drops an aborted waiter and refuses beyond the queue bound', async () => {
    const gate = new CallGate('s', 1, 1);
    await gate.enter(new AbortController().signal);
    const controller = new AbortController();
    const waiting = gate.enter(controller.signal);
    await expect(gate.enter(new AbortController().signal)).rejects.toBeInstanceOf(PatchbayError);
    controller.abort(new Error('left'));
    await expect(waiting).rejects.toThrow('left');
    expect(gate.queued).toBe(0);
  });

  it('tryEnter takes a free slot at once and refuses when all are taken', () => {
    const gate = new CallGate('s', 1, 1);
    const release = gate.tryEnter();
    expect(release).not.toBeNull();
    expect(gate.tryEnter()).toBeNull();
    release!();
    expect(gate.inFlight).toBe(0);
    expect(gate.tryEnter()).not.toBeNull();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially within the jitter band and stops at the cap', () => {
    const p = { ...DEFAULT_BACKOFF, initialMs: 100, factor: 2, maxMs: 1_000, jitter: 0.2 };
    expect(backoffDelay(1, p, () => 0)).toBe(80);
    expect(backoffDelay(1, p, () => 1)).toBe(120);
    expect(backoffDelay(3, p, () => 0.5)).toBe(400);
    expect(backoffDelay(20, p, () => 0.5)).toBe(1_000);
  });
});
