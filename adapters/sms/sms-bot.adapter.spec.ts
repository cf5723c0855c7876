import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import { ChoicePrompt, DialogSet, ListStyle, WaterfallDialog, type DialogState, type FoundChoice } from 'botbuilder-dialogs';
import type { UnitOfWork } from '../../src/database/unit-of-work.js';
import type { Handover, NewOutboxMessage, Outbox } from '../../src/notifications/outbox.js';
import { MessageRenderer } from '../../src/notifications/rendering/message-renderer.js';
import { DIALOG_REPLY_KIND, inboundActivity, SmsBotAdapter } from './sms-bot.adapter.js';
import { SMS_KEY_PREFIX, smsMessages } from './sms-messages.js';
import { turnFailedText } from './sms-phrases.js';

const CUSTOMER = '+447911123456';
const OURS = '+447700900123';

/** The adapter's two collaborators, recording what a turn wrote and whether its transaction finished. */
function harness() {
  const written: NewOutboxMessage[] = [];
  /** The transactions' ends and the handed-over replies' fates, in the order they happened. */
  const transactions: ('committed' | 'rolled back' | 'handed over' | 'handover abandoned')[] = [];
  let depth = 0;
  const uow = {
    get inTransaction() {
      return depth > 0;
    },
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      depth++;
      try {
        const result = await work();
        transactions.push('committed');
        return result;
      } catch (error) {
        transactions.push('rolled back');
        throw error;
      } finally {
        depth--;
      }
    },
  } as unknown as UnitOfWork;
  let wakeUps = 0;
  let unclaimedWrites = 0;
  const outbox = {
    async enqueue(messages: NewOutboxMessage[]) {
      if (messages.length > 0) unclaimedWrites++;
      written.push(...messages);
    },
    get unclaimedWrites() {
      return unclaimedWrites;
    },
    async enqueueHandedOver(message: NewOutboxMessage): Promise<Handover> {
      written.push(message);
      return { committed: () => void transactions.push('handed over'), abandoned: () => void transactions.push('handover abandoned') };
    },
    committed() {
      wakeUps += 1;
    },
  } as unknown as Outbox;
  return { adapter: new SmsBotAdapter(uow, outbox), written, transactions, wakeUps: () => wakeUps, uow };
}

/** A one-question bot, as the dialogs ask: a ChoicePrompt whose choices go out as suggested actions. */
function choiceBot() {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  const prompt = new ChoicePrompt('CHOICE');
  prompt.style = ListStyle.suggestedAction;
  dialogs.add(prompt).add(
    new WaterfallDialog('ASK', [
      (step) => step.prompt('CHOICE', { prompt: 'What is it about?', choices: ['Delivery', 'Billing', 'Service'] }),
      async (step) => {
        await step.context.sendActivity(`You chose **${(step.result as FoundChoice).value}**.`);
        return step.endDialog();
      },
    ]),
  );
  return async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog('ASK');
    await state.saveChanges(context);
  };
}

const renderer = new MessageRenderer();
renderer.register(SMS_KEY_PREFIX, smsMessages({ organisation: 'Example Ltd', contactRoutes: [], codeOfConductUrl: 'https://example.org/code-of-conduct' }));
/** A reply as the SMS notifier words it when it sends it. */
const words = (message: NewOutboxMessage) => renderer.render(message.payload, 'sms').text;

let sid = 0;
const text = (body: string, from = CUSTOMER) =>
  inboundActivity({ messageSid: `SM${String(++sid).padStart(32, '0')}`, from, to: OURS, body, receivedAt: '2026-03-02T10:00:00.000Z' });

describe(SmsBotAdapter.name, () => {
  beforeAll(() => {
    // the failed turn below is logged on purpose
    Logger.overrideLogger(false);
  });

  it('hands the bot an activity for the SMS channel, keyed on the customer number, with no locale', () => {
    const activity = text('Hello');
    expect(activity).toMatchObject({
      type: 'message',
      channelId: 'sms',
      text: 'Hello',
      from: { id: CUSTOMER, role: 'user' },
      recipient: { id: OURS, role: 'bot' },
      conversation: { id: CUSTOMER, isGroup: false },
    });
    expect(activity.locale).toBeUndefined();
  });

  it.each([
    ['the number', '2'],
    ['the word', 'billing'],
    ['the number in words', 'two'],
  ])('lists choices as numbered replies, and understands %s', async (_how, answer) => {
    const { adapter, written } = harness();
    const bot = choiceBot();
    const customer = `+4479111234${String(++sid).padStart(2, '0')}`;
    await adapter.processActivity(text('hi', customer), bot);
    await adapter.processActivity(text(answer, customer), bot);
    expect(written.map(words)).toEqual([
      'What is it about?\nReply 1 for Delivery, 2 for Billing or 3 for Service.',
      'You chose Billing.',
    ]);
  });

  it('writes a turn\'s replies as one outbox message, in order, with the turn\'s own writes', async () => {
    const { adapter, written, transactions, wakeUps } = harness();
    const handled: boolean[] = [];
    const activity = text('hello');
    await adapter.processActivity(
      activity,
      async (context) => {
        await context.sendActivity('First.');
        await context.sendActivities([{ type: 'typing' }, { type: 'message', text: 'Second.' }]);
      },
      { handled: async (outcome) => void handled.push(outcome.failed) },
    );
    expect(written).toEqual([
      {
        reference: null,
        channel: 'sms',
        kind: DIALOG_REPLY_KIND,
        recipient: { address: CUSTOMER },
        payload: { key: 'sms.dialog_reply', variables: {}, language: 'en', parts: [{ text: 'First.' }, { text: 'Second.' }] },
        dedupeKey: `sms:turn:${activity.id}`,
      },
    ]);
    expect(words(written[0])).toBe('First.\nSecond.');
    // the relay is given the reply, claimed, only once the turn's transaction has committed
    expect(transactions).toEqual(['committed', 'handed over']);
    expect(handled).toEqual([false]);
    // the relay has the reply: there is nothing else for it to look for
    expect(wakeUps()).toBe(0);
  });

  it('keeps the language the bot gave its replies, and numbers their choices in it when sent', async () => {
    const { adapter, written } = harness();
    await adapter.processActivity(text('hola'), async (context) => {
      await context.sendActivity({ type: 'message', text: '¿Qué pasó?', locale: 'es-ES', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Sí', value: 'si' }, { type: 'imBack', title: 'No', value: 'no' }] } });
    });
    expect(written[0].payload).toMatchObject({ key: 'sms.dialog_reply', language: 'es-ES', parts: [{ text: '¿Qué pasó?', choices: ['Sí', 'No'], locale: 'es-ES' }] });
    expect(words(written[0])).toBe('¿Qué pasó?\nResponda 1 para Sí o 2 para No.');
  });

  it('throws away a failed turn and apologises instead, still marking the text handled', async () => {
    const { adapter, written, transactions, wakeUps } = harness();
    const handled: boolean[] = [];
    await adapter.processActivity(
      text('1'),
      async (context) => {
        await context.sendActivity('Half a reply');
        throw new Error('the core refused');
      },
      { handled: async (outcome) => void handled.push(outcome.failed) },
    );
    expect(transactions).toEqual(['rolled back', 'committed']);
    expect(wakeUps()).toBe(1);
    expect(written.map((m) => m.payload)).toEqual([{ key: 'sms.turn_failed', variables: {}, language: 'en' }]);
    expect(written.map(words)).toEqual([turnFailedText('en')]);
    expect(handled).toEqual([true]);
  });

  it('undoes a turn whose text was handled meanwhile elsewhere, and owes no apology for it', async () => {
    const { adapter, transactions } = harness();
    const elsewhere = new Error('handled by another instance');
    const marked: boolean[] = [];
    await expect(
      adapter.processActivity(text('1'), async (context) => void (await context.sendActivity('A reply')), {
        handled: async (outcome) => {
          marked.push(outcome.failed);
          throw elsewhere;
        },
      }),
    ).rejects.toBe(elsewhere);
    expect(transactions).toEqual(['rolled back', 'handover abandoned']);
    expect(marked).toEqual([false]);
  });

  it('hands no reply over from a turn run inside a transaction it does not end', async () => {
    const { adapter, written, transactions, uow, wakeUps } = harness();
    await uow.transaction(() => adapter.processActivity(text('hello'), async (context) => void (await context.sendActivity('A reply'))));
    expect(written.map(words)).toEqual(['A reply']);
    expect(transactions).toEqual(['committed', 'committed']);
    expect(wakeUps()).toBe(1);
  });

  it('apologises in the language the customer last used with us', async () => {
    const { adapter, written } = harness();
    await adapter.processActivity(
      text('1'),
      async () => {
        throw new Error('the core refused');
      },
      { language: async () => 'es' },
    );
    expect(written.map((m) => m.payload)).toEqual([{ key: 'sms.turn_failed', variables: {}, language: 'es' }]);
    expect(words(written[0])).toMatch(/^Lo sentimos, algo ha fallado/);
  });

  it('writes nothing for a turn that says nothing', async () => {
    const { adapter, written } = harness();
    await adapter.processActivity(text('ok'), async () => undefined);
    expect(written).toEqual([]);
  });

  it('refuses to change or take back a text', async () => {
    const { adapter } = harness();
    await expect(adapter.updateActivity()).rejects.toThrow('cannot be changed');
    await expect(adapter.deleteActivity()).rejects.toThrow('cannot be taken back');
  });

  it('runs a proactive turn for a conversation reference', async () => {
    const { adapter, written } = harness();
    await adapter.continueConversation({ conversation: { id: CUSTOMER, isGroup: false, conversationType: 'personal', name: '' }, channelId: 'sms' }, async (context) => {
      await context.sendActivity('A word from us.');
    });
    expect(written).toMatchObject([{ recipient: { address: CUSTOMER } }]);
    expect(words(written[0])).toBe('A word from us.');
    expect(written[0].dedupeKey).toBeUndefined();
  });
});
