import { describe, expect, it } from '@jest/globals';
import { ConversationState, MemoryStorage, TestAdapter, UserState, type StoreItems } from 'botbuilder';
import { TurnPreloads } from './turn-preloads.js';

/** MemoryStorage that counts the reads it answers. */
class CountedStorage extends MemoryStorage {
  reads: string[][] = [];

  override read(keys: string[]): Promise<StoreItems> {
    this.reads.push(keys);
    return super.read(keys);
  }
}

describe(TurnPreloads.name, () => {
  it('answers the first read of each preloaded key from the one read that preloaded them', async () => {
    const storage = new CountedStorage();
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    const preloads = new TurnPreloads(storage);

    await preloads.preload(['a', 'b', 'c']);
    expect(await preloads.read(['a'])).toEqual({ a: expect.objectContaining({ v: 1 }) });
    expect(await preloads.read(['b'])).toEqual({ b: expect.objectContaining({ v: 2 }) });
    expect(await preloads.read(['c'])).toEqual({});
    expect(storage.reads).toEqual([['a', 'b', 'c']]);
  });

  it('gives a preloaded item to one reader only; the next one reads storage', async () => {
    const storage = new CountedStorage();
    await storage.write({ a: { v: 1 } });
    const preloads = new TurnPreloads(storage);
    await preloads.preload(['a']);

    const first = (await preloads.read(['a'])).a;
    first.v = 99;
    expect((await preloads.read(['a'])).a.v).toBe(1);
    expect(storage.reads).toHaveLength(2);
  });

  it('never answers with an item older than a write or delete of its key', async () => {
    const storage = new MemoryStorage();
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const preloads = new TurnPreloads(storage);
    await preloads.preload(['a', 'b']);

    await preloads.write({ a: { v: 2, eTag: '*' } });
    await preloads.delete(['b']);
    expect((await preloads.read(['a'])).a.v).toBe(2);
    expect(await preloads.read(['b'])).toEqual({});
  });

  it('lets go of what the turn preloaded and did not read', async () => {
    const storage = new MemoryStorage();
    await storage.write({ a: { v: 1 } });
    const preloads = new TurnPreloads(storage);
    const release = await preloads.preload(['a']);
    release();

    await storage.write({ a: { v: 2, eTag: '*' } });
    expect((await preloads.read(['a'])).a.v).toBe(2);
  });

  it("keeps botbuilder's conversation and user state from turn to turn with one read a turn", async () => {
    const storage = new CountedStorage();
    const preloads = new TurnPreloads(storage);
    const conversationState = new ConversationState(preloads);
    const userState = new UserState(preloads);
    const turns = conversationState.createProperty<number>('turns');
    const name = userState.createProperty<string>('name');
    const adapter = new TestAdapter(async (context) => {
      const release = await preloads.preload([conversationState.getStorageKey(context)!, userState.getStorageKey(context)!]);
      try {
        const count = (await turns.get(context, 0)) + 1;
        await turns.set(context, count);
        const known = await name.get(context, 'stranger');
        await name.set(context, context.activity.text ?? '');
        await context.sendActivity(`turn ${count}, ${known}`);
        await conversationState.saveChanges(context);
        await userState.saveChanges(context);
      } finally {
        release();
      }
    });

    await adapter.send('Ana').assertReply('turn 1, stranger').send('Bea').assertReply('turn 2, Ana').send('Cy').assertReply('turn 3, Bea');
    expect(storage.reads).toHaveLength(3);
    expect(storage.reads.every((keys) => keys.length === 2)).toBe(true);
  });
});
