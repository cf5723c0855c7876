import { MessageFactory, TextFormatTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { ChannelCapabilities, ChannelProfile } from '../src/channels/channel-declaration.js';
import type { ChannelDirectory } from '../src/channels/channel-directory.js';
import type { Requester } from '../src/complaints/customer-desk/customer-desk.js';
import type { Contact } from '../src/complaints/domain/complaint.js';
import { languageOfLocale, localeOf, Messages, type Language, type MessageKey, type Vars } from './messages/messages.js';

const LANGUAGE = Symbol('language');

/** One line of a message, kept as a key so that it is worded in whatever language the chat is in when it is sent. */
export interface Line {
  key: MessageKey;
  vars?: Vars;
}

/**
 * What the dialogs know about the conversation they are in: who is asking, in which language, on a channel that can
 * do what, and which complaint they last made or proved to be theirs.
 */
export class Session {
  constructor(
    private readonly storedLanguage: StatePropertyAccessor<Language | undefined>,
    private readonly lastReference: StatePropertyAccessor<string | undefined>,
    readonly messages: Messages,
    private readonly channels: ChannelDirectory,
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

  /** The declared channel the conversation is on, by the activity's Bot Framework `channelId`. */
  channel(context: TurnContext): ChannelProfile {
    const channel = this.channels.ofActivity(context.activity.channelId);
    if (!channel) throw new Error(`No channel is declared for activities of ${context.activity.channelId}`);
    return channel;
  }

  /** Another customer channel by its id, as a hand-off's reply names it. */
  channelOf(channelId: string): ChannelProfile | undefined {
    return this.channels.profile(channelId);
  }

  capabilities(context: TurnContext): ChannelCapabilities {
    return this.channel(context).capabilities;
  }

  /** `sms:+447911123456` (the SMS adapter uses the customer's number as the conversation id) or `webchat:<id>`. */
  requester(context: TurnContext): Requester {
    const { id } = this.channel(context);
    return { key: `${id}:${context.activity.conversation.id}`, channel: id };
  }

  /** The conversation itself as a contact: updates "here" go to the number texting us, or into this chat. */
  hereContact(context: TurnContext): Contact {
    return { kind: this.channel(context).contactKinds[0], value: context.activity.conversation.id };
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
