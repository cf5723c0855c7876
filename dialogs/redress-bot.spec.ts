import { describe, expect, it } from '@jest/globals';
import { ActivityTypes, MemoryStorage } from 'botbuilder';
import { RedressBot } from './redress-bot.js';
import { TEST_CHANNELS } from './testing/channels.js';
import { FakeCustomerDesk } from './testing/fake-customer-desk.js';
import { ASK, CATEGORIES, MENU, MENU_ES, MENU_ES_SMS, MENU_SMS, NOW, setUp } from './testing/fixtures.js';
import { OPENS_CHAT, TestConversation, type Expectation } from './testing/test-conversation.js';

const GREETING = 'Hello. I can help you make a complaint to Example Ltd, or check on one you made.';

describe(RedressBot.name, () => {
  it('greets when the customer joins, offering the four choices', async () => {
    const { chat } = setUp();
    await chat().play([[OPENS_CHAT, [GREETING, 'Para español, escriba: español.', ASK.menuFirst, MENU]]]);
  });

  it('says nothing when only the bot joins, and does not greet twice', async () => {
    const { chat } = setUp();
    const conversation = chat();
    const bot = conversation.adapter.conversation.bot;
    expect(await conversation.opens()).toContain(GREETING);
    await conversation.play([['Make a complaint', ASK.describe]]);
    expect(await conversation.opens()).toBe('');
    await conversation.adapter.processActivity({ type: ActivityTypes.ConversationUpdate, membersAdded: bot ? [bot] : [] });
    expect(conversation.adapter.activeQueue).toEqual([]);
    await conversation.play([['My parcel never came', ASK.category]]);
  });

  it('greets on the first text message, since SMS has no conversation update', async () => {
    const { chat } = setUp();
    await chat({ channel: 'sms', id: '+447400123456', locale: '' }).play([
      ['Hello there', [GREETING, ASK.menuFirst, MENU_SMS]],
      ['1', ASK.describe],
    ]);
  });

  it.each([
    { channel: 'sms' as const, id: '+447400123456', key: 'sms:+447400123456' },
    { channel: 'webchat' as const, id: 'abc123', key: 'webchat:abc123' },
  ])('asks the desk as $key', async ({ channel, id, key }) => {
    const { desk, chat } = setUp();
    await chat({ channel, id }).play([
      ['hi', ASK.menuFirst],
      ['Talk to a person', 'I have asked a person to contact you.'],
    ]);
    expect(desk.handOffs).toEqual([{ requester: { key, channel }, asked: undefined, reference: null }]);
  });

  it('speaks Spanish to an es-* locale and remembers a language chosen by keyword', async () => {
    const { chat } = setUp();
    await chat({ locale: 'es-MX', id: 'a' }).play([[OPENS_CHAT, ['Hola.', 'For English, type: english.', MENU_ES]]]);
    await chat({ locale: 'es-ES', id: 'b', userId: 'sam' }).play([
      [OPENS_CHAT, '¿Qué quiere hacer?'],
      ['english', ['I will write in English from now on.', ASK.menuFirst, MENU]],
    ]);
    // The same customer in a later conversation: the choice is kept in user state, whatever the locale says.
    await chat({ locale: 'es-ES', id: 'c', userId: 'sam' }).play([[OPENS_CHAT, [GREETING, MENU]]]);
  });

  it('takes "español" as a first SMS to mean the greeting should be in Spanish', async () => {
    const { chat } = setUp();
    const conversation = chat({ channel: 'sms', id: '+34612345678', locale: '' });
    await conversation.play([['Español', ['Hola.', MENU_ES_SMS, { not: 'Hello' }]]]);
    // The SMS adapter words its "Responda 1 para ..." from the locale of each message.
    expect(conversation.transcript.map((activity) => activity.locale)).toEqual(['es-ES', 'es-ES']);
  });

  it('keeps the conversation in the given storage, so another instance carries on', async () => {
    const clock = { now: () => NOW };
    const storage = new MemoryStorage();
    const desk = new FakeCustomerDesk(clock);
    await new TestConversation(new RedressBot(storage, desk, clock, TEST_CHANNELS)).play([
      [OPENS_CHAT, ASK.menuFirst],
      ['español', '¿Qué quiere hacer?'],
      ['Poner una queja', 'Por favor, cuénteme qué pasó.'],
    ]);
    await new TestConversation(new RedressBot(storage, desk, clock, TEST_CHANNELS)).play([['Se perdió mi paquete', '¿Sobre qué es su queja?']]);
  });

  it('offers choices as imBack suggested actions, in plain text, for the adapters to show or number', async () => {
    const { chat } = setUp();
    const conversation = chat();
    await conversation.opens();
    const prompt = conversation.transcript.at(-1);
    expect(prompt).toMatchObject({
      type: 'message',
      textFormat: 'plain',
      inputHint: 'expectingInput',
      locale: 'en-GB',
      text: ASK.menuFirst,
    });
    expect(prompt?.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: 'Make a complaint', value: 'Make a complaint' },
      { type: 'imBack', title: 'Check a complaint', value: 'Check a complaint' },
      { type: 'imBack', title: 'Talk to a person', value: 'Talk to a person' },
      { type: 'imBack', title: 'Help', value: 'Help' },
    ]);
    expect(conversation.transcript.every((activity) => activity.textFormat === 'plain')).toBe(true);
  });

  it.each<[string, string, string, Expectation]>([
    ['en-GB', 'the number', '2', ASK.reference],
    ['en-GB', 'the number in words', 'two', ASK.reference],
    ['en-GB', 'an ordinal', 'the second one', ASK.reference],
    ['en-GB', 'the label', 'check a complaint', ASK.reference],
    ['en-GB', 'the Spanish label', 'Consultar una queja', ASK.reference],
    ['en-GB', 'a Spanish number', 'dos', ASK.reference],
    ['es-ES', 'a Spanish number', 'dos', '¿Cuál es la referencia de su queja?'],
    ['es-ES', 'an English number', 'two', '¿Cuál es la referencia de su queja?'],
    ['es-ES', 'the English label', 'Check a complaint', '¿Cuál es la referencia de su queja?'],
    ['en-GB', 'something else', 'bananas', 'Please choose one of these.'],
  ])('in %s, takes %s at a choice (%j)', async (locale, _what, says, sees) => {
    const { chat } = setUp();
    await chat({ locale }).play([
      [OPENS_CHAT, /./],
      [says, sees],
    ]);
  });

  it('takes a half-typed choice when it can only mean one thing', async () => {
    const { chat } = setUp();
    await chat().play([
      [OPENS_CHAT, ASK.menuFirst],
      ['compl', 'Please choose one of these.'],
      ['1', ASK.describe],
      ['Parcel lost', [ASK.category, CATEGORIES]],
      ['something', ASK.occurred],
    ]);
  });
});
