import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ActivityHandler, ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { WebChatConversationRepository } from '../adapters/webchat/direct-line/web-chat-conversation.repository.js';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { dialects } from './support/databases.js';
import { DirectLineClient } from './support/web-chat.js';
import { startApp, type RunningApp } from './support/test-app.js';

jest.setTimeout(60_000);

/** Every message any CountingBot was given, in order. */
const given: string[] = [];

/** Counts the messages of a conversation in its dialog state, saving the count before it answers; "break" then throws. */
class CountingBot extends ActivityHandler {
  constructor(storage: Storage) {
    super();
    const state = new ConversationState(storage);
    const heard = state.createProperty<number>('heard');
    this.onMessage(async (context: TurnContext, next) => {
      given.push(context.activity.text);
      const count = (await heard.get(context, 0)) + 1;
      await heard.set(context, count);
      await state.saveChanges(context);
      await context.sendActivity(`heard ${context.activity.text} (${count})`);
      if (context.activity.text === 'break') throw new Error('the bot broke');
      await next();
    });
  }
}

describe.each(dialects())('a web chat turn on %s', (dialect) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(dialect, {}, undefined, { bot: (storage) => new CountingBot(storage) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is kept whole or not at all: a failed one leaves no state and no replies, only an apology', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.answer('one', /^heard one \(1\)$/);

    const broken = await client.say('break');
    const sorry = await client.waitForBot(/Sorry, something went wrong on our side/, broken);
    expect(sorry).toMatchObject({ replyToId: broken, from: { id: 'redress', role: 'bot' }, channelData: { errorId: expect.any(String) } });

    // the count the failed turn saved was undone with it
    await client.answer('two', /^heard two \(2\)$/);
    expect(client.botTexts()).not.toContain('heard break (2)');
  });

  it('answers no one for a message whose conversation was let go after it was stored and before its turn ran', async () => {
    const client = await DirectLineClient.start(server.baseUrl);
    await client.answer('kept', /^heard kept \(1\)$/);
    const pipeline = server.app.get(InboundPipeline);
    await pipeline.beforeApplicationShutdown();
    try {
      await client.say('let go');
      // as the retention sweep lets an abandoned conversation go
      await server.app.get(WebChatConversationRepository).delete([client.conversationId]);
    } finally {
      pipeline.onApplicationBootstrap();
    }
    await pipeline.drain();

    const other = await DirectLineClient.start(server.baseUrl);
    await other.answer('after', /^heard after \(1\)$/);
    expect(given).toContain('after');
    expect(given).not.toContain('let go');
    expect((await client.call('GET', `/conversations/${client.conversationId}/activities`)).status).toBe(404);
  });
});
