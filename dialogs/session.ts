import { MessageFactory, TextFormatTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Requester } from '../src/complaints/customer-desk/customer-desk.js';
import type { Channel } from '../src/complaints/domain/complaint.js';
import { languageOfLocale, localeOf, Messages, type Language, type MessageKey, type Vars } from './messages/messages.js';

const LANGUAGE = Symbol('language');

/** One line of a message, kept as a key so that it is worded in whatever language the chat is in when it is sent. */
export interface Line {
  key: MessageKey;
  vars?: Vars;
}

/**
 * What the dialogs know about the conversation they are in: who is asking, in which language, and which complaint
 * they last made or proved to be theirs.
 */
export class Session {
  constructor(
    private readonly storedLanguage: StatePropertyAccessor<Language | undefined>,
    private readonly lastReference: StatePropertyAccessor<string | undefined>,
    readonly messages: Messages,
  ) {}

  /** Settles the turn's language: the one chosen earlier, else the one the channel reports. */
  async open(context: TurnContext): Promise<void> {
    const fromLocale = languageOfLocale(context.activity.locale);
    // UserState keys on the sender; a conversation update without one still gets an answer, in its locale.
    const language = context.activity.from?.id ? await this.storedLanguage.get(context, fromLocale) : fromLocale;
    context.turnState.set(LANGUAGE, language);
  }

  language(context: TurnContext): Language {
    return (context.turnState.get(LANGUAGE) as Language | undefined) ?? languageOfLocale(context.activity.locale);
  }

  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    context.turnState.set(LANGUAGE, language);
    if (context.activity.from?.id) await this.storedLanguage.set(context, language);
  }

  channel(context: TurnContext): Channel {
    return context.activity.channelId === 'sms' ? 'sms' : 'webchat';
  }

  /** `sms:+447911123456` (the SMS adapter uses the customer's number as the conversation id) or `webchat:<id>`. */
  requester(context: TurnContext): Requester {
    const channel = this.channel(context);
    return { key: `${channel}:${context.activity.conversation.id}`, channel };
  }

  async currentReference(context: TurnContext): Promise<string | undefined> {
    return this.lastReference.get(context);
  }

  async remember(context: TurnContext, reference: string): Promise<void> {
    await this.lastReference.set(context, reference);
  }

  text(context: TurnContext, key: MessageKey, vars?: Vars): string {
    return this.messages.text(this.language(context), key, vars);
  }

  /** Lines sent as one message, one per line: each extra message is another SMS. */
  activity(context: TurnContext, lines: Line[]): Partial<Activity> {
    const text = lines.map((line) => this.text(context, line.key, line.vars)).join('\n');
    return {
      ...MessageFactory.text(text, text),
      // Plain: Web Chat would otherwise render a customer's own * and _ as Markdown, and SMS shows it raw.
      textFormat: TextFormatTypes.Plain,
      // Adapters word what they add (the SMS "Reply 1 for ...") in the language of the message.
      locale: localeOf(this.language(context)),
    };
  }

  async say(context: TurnContext, ...lines: Line[]): Promise<void> {
    await context.sendActivity(this.activity(context, lines));
  }
}

export function line(key: MessageKey, vars?: Vars): Line {
  return vars ? { key, vars } : { key };
}
