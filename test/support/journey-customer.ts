import type { FakeTwilio } from './fake-twilio.js';
import { eventually } from './eventually.js';
import { SmsCustomer } from './sms-customer.js';
import type { RunningApp } from './test-app.js';
import type { TwilioAccount } from './twilio-webhooks.js';
import { DirectLineClient, type DirectLineActivity } from './web-chat.js';

/**
 * A customer on one of Redress's channels, as a journey test needs them: how a complaint reaches them, what they say
 * and what they are told, whatever the channel.
 */
export interface JourneyCustomer {
  /** How a complaint filed for this customer is marked: its channel and the contact that reaches them. */
  readonly filing: { channel: string; contact: { kind: string; value: string } };
  /**
   * Says `text` and answers what Redress replied to it, joined; `until` names words in the last of those replies (a
   * channel that cannot tell when a turn is over waits for them). Offered choices are shown as `[title]`.
   */
  answer(text: string, until: string): Promise<string>;
  /** Waits until the customer has been told `words`, at any point so far. */
  told(words: string): Promise<void>;
  /** Everything Redress has told this customer, oldest first. */
  everything(): Promise<string[]>;
}

/** A customer texting Redress: replies come back once the turn is handled and sent. */
export function smsJourneyCustomer(server: RunningApp, twilio: FakeTwilio, account: TwilioAccount, number: string, ourNumber: string): JourneyCustomer {
  const sms = new SmsCustomer(server, twilio, account, number, ourNumber);
  const everything = async () => twilio.sentTo(number).map((text) => text.body);
  return {
    filing: { channel: 'sms', contact: { kind: 'phone', value: number } },
    answer: async (text) => (await sms.text(text)).replies.join('\n'),
    told: (words) => eventually(async () => {
      if (!(await everything()).join('\n').includes(words)) throw new Error(`The customer was never texted "${words}"; texts:\n${(await everything()).join('\n---\n')}`);
    }),
    everything,
  };
}

/** Renders a bot activity as the customer sees it in Web Chat: its text, then its suggested actions' titles. */
function shown(activity: DirectLineActivity): string {
  const buttons = activity.suggestedActions?.actions.map((action) => `[${action.title}]`).join(' ');
  return [activity.text ?? '', buttons].filter(Boolean).join('\n');
}

/** A customer in a Web Chat conversation over Direct Line, answering choices with the buttons' titles. */
export async function webChatJourneyCustomer(server: RunningApp): Promise<JourneyCustomer> {
  const chat = await DirectLineClient.start(server.baseUrl);
  await chat.waitForBot(/What would you like to do\?/);
  const botActivities = () => chat.seen.filter((activity) => activity.from.role === 'bot');
  const everything = async () => {
    await chat.poll();
    return botActivities().map(shown);
  };
  return {
    filing: { channel: 'webchat', contact: { kind: 'webchat', value: chat.conversationId } },
    async answer(text, until) {
      const id = await chat.say(text);
      await eventually(() => chat.waitForBot(new RegExp(escape(until)), id), 6);
      const start = chat.seen.findIndex((activity) => activity.id === id) + 1;
      return chat.seen.slice(start).filter((activity) => activity.from.role === 'bot').map(shown).join('\n');
    },
    // the relay may wait out a retry's backoff before a step's message comes
    told: async (words) => void (await eventually(() => chat.waitForBot(new RegExp(escape(words))), 6)),
    everything,
  };
}

function escape(words: string): string {
  return words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
