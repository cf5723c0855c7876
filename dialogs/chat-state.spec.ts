import { describe, expect, it } from '@jest/globals';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, TurnContext, UserState, type StoreItems } from 'botbuilder';
import { ChatState, chatStateKeys } from './chat-state.js';

/** MemoryStorage that counts the reads and writes it answers. */
class CountedStorage extends MemoryStorage {
  reads: string[][] = [];
  writes: string[][] = [];

  override read(keys: string[]): Promise<StoreItems> {
    this.reads.push(keys);
    return super.read(keys);
  }

  override write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    return super.write(changes);
  }
}

function turnOf(text: string, from: string | null = 'ana'): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: ActivityTypes.Message,
    text,
    channelId: 'webchat',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    ...(from ? { from: { id: from, name: from } } : {}),
    recipient: { id: 'bot', name: 'bot' },
  });
}

describe(ChatState.name, () => {
  it('keeps the conversation and the user state from turn to turn, with one read a turn', async () => {
    const storage = new CountedStorage();
    const state = new ChatState(storage);
    const turns = state.property<number>('conversation', 'turns');
    const name = state.property<string>('user', 'name');
    const adapter = new TestAdapter(async (context) => {
      await state.load(context);
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      const known = await name.get(context, 'stranger');
      await name.set(context, context.activity.text ?? '');
      await context.sendActivity(`turn ${count}, ${known}`);
      await state.saveChanges(context);
    });

    await adapter.send('Ana').assertReply('turn 1, stranger').send('Bea').assertReply('turn 2, Ana').send('Cy').assertReply('turn 3, Bea');
    expect(storage.reads).toHaveLength(3);
    expect(storage.reads.every((keys) => keys.length === 2)).toBe(true);
    // both scopes changed on every turn, and went out together
    expect(storage.writes).toHaveLength(3);
    expect(storage.writes.every((keys) => keys.length === 2)).toBe(true);
  });

  it('writes only the scopes that changed, and nothing when nothing did', async () => {
    const storage = new CountedStorage();
    const state = new ChatState(storage);
    const language = state.property<string>('user', 'language');
    const step = state.property<{ at: number }>('conversation', 'step');

    const first = turnOf('hello');
    await language.set(first, 'es');
    await step.set(first, { at: 1 });
    await state.saveChanges(first);

    const second = turnOf('again');
    await state.load(second);
    expect(await language.get(second)).toBe('es');
    (await step.get(second))!.at = 2;
    await state.saveChanges(second);

    const third = turnOf('nothing');
    await state.load(third);
    expect(await step.get(third)).toEqual({ at: 2 });
    expect(await language.get(third)).toBe('es');
    await state.saveChanges(third);

    const [conversationKey, userKey] = [chatStateKeys(first.activity).conversation!, chatStateKeys(first.activity).user!];
    expect(storage.writes).toEqual([[conversationKey, userKey], [conversationKey]]);
  });

  it('overwrites whatever is stored, as botbuilder writes its state (eTag "*")', async () => {
    const storage = new MemoryStorage();
    const state = new ChatState(storage);
    const note = state.property<string>('conversation', 'note');
    const context = turnOf('hello');
    await note.set(context, 'mine');
    const key = chatStateKeys(context.activity).conversation!;
    // someone else wrote the key after this turn read it
    await storage.write({ [key]: { note: 'theirs', eTag: '*' } });

    await state.saveChanges(context);
    expect((await storage.read([key]))[key]).toEqual(expect.objectContaining({ note: 'mine' }));
  });

  it("reads and writes botbuilder's ConversationState and UserState keys, so state kept before is found", async () => {
    const storage = new MemoryStorage();
    const before = turnOf('before');
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    await conversationState.createProperty<string>('reference').set(before, 'RDR-1');
    await userState.createProperty<string>('language').set(before, 'es');
    await conversationState.saveChanges(before);
    await userState.saveChanges(before);

    const state = new ChatState(storage);
    const now = turnOf('now');
    await state.load(now);
    expect(await state.property<string>('conversation', 'reference').get(now)).toBe('RDR-1');
    expect(await state.property<string>('user', 'language').get(now)).toBe('es');
    await state.property<string>('user', 'language').set(now, 'en');
    await state.saveChanges(now);

    const after = turnOf('after');
    expect(await new UserState(storage).createProperty<string>('language').get(after)).toBe('en');
    expect(chatStateKeys(now.activity)).toEqual({ conversation: 'webchat/conversations/c1/', user: 'webchat/users/ana/' });
  });

  it('gives each turn its own copy of a default value', async () => {
    const state = new ChatState(new MemoryStorage());
    const list = state.property<string[]>('conversation', 'list');
    const fallback: string[] = [];
    const context = turnOf('hello');
    (await list.get(context, fallback)).push('x');
    expect(fallback).toEqual([]);
    expect(await list.get(context)).toEqual(['x']);
  });

  it('has conversation state but no user state for an activity without a sender', async () => {
    const state = new ChatState(new MemoryStorage());
    const context = turnOf('hello', null);
    await state.load(context);
    await state.property<number>('conversation', 'n').set(context, 1);
    await expect(state.property<string>('user', 'language').get(context)).rejects.toThrow('without a sender');
    await state.saveChanges(context);
  });

  it('keeps nothing of a turn whose state is not saved', async () => {
    const storage = new MemoryStorage();
    const state = new ChatState(storage);
    const failed = turnOf('fails');
    await state.load(failed);
    await state.property<number>('conversation', 'n').set(failed, 1);

    const next = turnOf('next');
    await state.load(next);
    expect(await state.property<number>('conversation', 'n').get(next)).toBeUndefined();
  });
});
