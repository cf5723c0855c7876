import { describe, expect, it } from '@jest/globals';
import { ClaimLoop } from './claim-loop.js';

/** A queue of waiting items, and handlers that finish only when the test says so. */
function harness(capacity: number) {
  const waiting: string[] = [];
  const finishers = new Map<string, () => void>();
  const claims: number[] = [];
  const handled: string[] = [];
  const failures: string[] = [];
  const loop = new ClaimLoop<string>({
    capacity,
    claim: async (room) => {
      claims.push(room);
      return waiting.splice(0, room);
    },
    handle: (item) =>
      new Promise<void>((resolve, reject) =>
        finishers.set(item, () => {
          if (item.startsWith('bad')) return reject(new Error(item));
          handled.push(item);
          resolve();
        }),
      ),
    failed: (_error, item) => failures.push(item),
  });
  const finish = async (item: string) => {
    finishers.get(item)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { loop, waiting, finishers, claims, handled, failures, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(ClaimLoop.name, () => {
  it('starts an item that arrives while others are in hand, without waiting for them', async () => {
    const h = harness(5);
    h.waiting.push('a', 'b');
    const pass = h.loop.run();
    await settle();
    expect([...h.finishers.keys()]).toEqual(['a', 'b']);

    h.waiting.push('c');
    void h.loop.run();
    await settle();
    expect([...h.finishers.keys()]).toEqual(['a', 'b', 'c']);

    for (const item of ['c', 'a', 'b']) await h.finish(item);
    await pass;
    expect(h.handled).toEqual(['c', 'a', 'b']);
  });

  it('never holds more than its capacity, and claims again once half its places are free', async () => {
    const h = harness(4);
    h.waiting.push('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const pass = h.loop.run();
    await settle();
    expect([...h.finishers.keys()]).toEqual(['a', 'b', 'c', 'd']);

    await h.finish('a');
    expect(h.finishers.size).toBe(4);
    await h.finish('b');
    expect([...h.finishers.keys()]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const item of ['c', 'd', 'e', 'f']) await h.finish(item);
    await h.finish('g');
    await pass;
    expect(h.handled).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(h.claims).toEqual([4, 2, 2]);
  });

  it('resolves a run only when nothing is waiting and nothing is in hand', async () => {
    const h = harness(3);
    h.waiting.push('a');
    let done = false;
    const pass = h.loop.run().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    await h.finish('a');
    await pass;
    expect(done).toBe(true);
  });

  it('reports a failed item and carries on with the others', async () => {
    const h = harness(3);
    h.waiting.push('bad-1', 'b');
    const pass = h.loop.run();
    await settle();
    await h.finish('bad-1');
    await h.finish('b');
    await pass;
    expect(h.failures).toEqual(['bad-1']);
    expect(h.handled).toEqual(['b']);
  });

  it('stopping ends the pass under way: what is in hand finishes, nothing more is claimed until the next run', async () => {
    const h = harness(3);
    h.waiting.push('a');
    void h.loop.run();
    await settle();
    const stopped = h.loop.stop();
    h.waiting.push('b');
    void h.loop.run();
    await h.finish('a');
    await stopped;
    expect(h.handled).toEqual(['a']);
    expect(h.waiting).toEqual(['b']);

    const next = h.loop.run();
    await settle();
    await h.finish('b');
    await next;
    expect(h.handled).toEqual(['a', 'b']);
  });

  it('counts places kept for items claimed elsewhere, and handles them when adopted', async () => {
    const h = harness(4);
    expect([h.loop.reserve(), h.loop.reserve(), h.loop.reserve()]).toEqual([true, true, true]);
    h.waiting.push('a', 'b', 'c');
    void h.loop.run();
    await settle();
    // one place of four is free: fewer than half, so nothing is claimed
    expect(h.claims).toEqual([]);

    h.loop.adopt('x');
    await settle();
    expect(h.claims).toEqual([]);
    // the places given back make room, and the run still owed claims what waits
    h.loop.release();
    h.loop.release();
    await settle();
    expect([...h.finishers.keys()]).toEqual(['x', 'a', 'b', 'c']);
    expect(h.claims).toEqual([3]);
    expect(h.loop.reserve()).toBe(false);
  });

  it('a run waits for an adopted item, and stopping lets it finish', async () => {
    const h = harness(2);
    expect(h.loop.reserve()).toBe(true);
    h.loop.adopt('x');
    let ended = false;
    const pass = h.loop.run().then(() => (ended = true));
    const stopped = h.loop.stop();
    await settle();
    expect(ended).toBe(false);
    expect(h.loop.reserve()).toBe(false);
    await h.finish('x');
    await Promise.all([pass, stopped]);
    expect(h.handled).toEqual(['x']);
  });

  it('keeps no place for an item of its own while items wait to be claimed, so they are not held back for good', async () => {
    const h = harness(4);
    expect([h.loop.reserve(), h.loop.reserve(), h.loop.reserve()]).toEqual([true, true, true]);
    h.waiting.push('a');
    void h.loop.run();
    await settle();
    expect(h.claims).toEqual([]);
    h.loop.adopt('x');
    // a place given back is not taken again by the next writer while 'a' waits
    h.loop.release();
    expect(h.loop.reserve()).toBe(false);
    h.loop.release();
    await settle();
    expect([...h.finishers.keys()]).toEqual(['x', 'a']);
    expect(h.loop.reserve()).toBe(true);
  });
});
