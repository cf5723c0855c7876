import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { maskPhone } from '../../src/contacts/contact-format.js';
import type { UnitOfWork } from '../../src/database/unit-of-work.js';
import type { Handover, NewOutboxMessage, Outbox } from '../../src/notifications/outbox.js';
import { messagePayload } from '../../src/notifications/rendering/message-payload.js';
import { loggableError } from './loggable-error.js';
import { replyPartOf, type ReplyPart } from './render-activity.js';
import { SMS_KEYS } from './sms-messages.js';
import type { ListLanguage } from './sms-phrases.js';

export const SMS_CHANNEL = 'sms';
export const DIALOG_REPLY_KIND = 'dialog_reply';

/** The messages a turn may owe the customer on this adapter's channel: what the dialog said, or an apology. */
export interface TurnReplyKeys {
  dialogReply: string;
  turnFailed: string;
}

/** What a turn said, kept in its TurnContext until the turn is over. */
interface TurnOutput {
  parts: ReplyPart[];
  language?: string;
}

const OUTPUT = Symbol('sms turn output');

export interface InboundSms {
  messageSid: string;
  /** E.164. */
  from: string;
  /** Our number (or short code). */
  to: string;
  body: string;
  receivedAt: string;
}

export interface TurnOptions {
  /**
   * The last write of the transaction that records the turn: marking the inbound text handled. It throws when another
   * instance handled the text meanwhile, and the turn is then undone without an apology.
   */
  handled?: (outcome: { failed: boolean }) => Promise<void>;
  /** The customer's language, asked only when the turn failed and an apology is owed; English if not given. */
  language?: () => Promise<ListLanguage>;
}

/**
 * The SMS channel for the dialogs, in the shape of BotBuilder-Samples' console adapter: `processActivity` runs the
 * bot on a TurnContext, `sendActivities` keeps what a phone can show of each message, worded when it is sent (see
 * SMS_KEYS.dialogReply). Nothing goes to Twilio from here.
 *
 * A turn is one transaction: the dialog state, any change to a case, the turn's replies (one outbox message, so
 * they leave in the order the bot said them) and the caller's mark that the text was handled are kept together or
 * not at all. A turn that throws keeps nothing of what it did; the customer gets an apology instead.
 */
export class SmsBotAdapter extends BotAdapter {
  private readonly logger = new Logger('SmsBotAdapter');

  /** `channel` is SMS's, or WhatsApp's: both are Twilio texts to a number, run the same way. */
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    readonly channel: string = SMS_CHANNEL,
    private readonly keys: TurnReplyKeys = { dialogReply: SMS_KEYS.dialogReply, turnFailed: SMS_KEYS.turnFailed },
  ) {
    super();
  }

  /** Runs one turn for a customer's text and records its replies, in one transaction with `handled`. */
  async processActivity(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
    options: TurnOptions = {},
  ): Promise<void> {
    await this.runTurn(activity, logic, activity.id ? `${this.channel}:turn:${activity.id}` : undefined, options);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const output = outputOf(context);
    return activities.map((activity) => {
      if (activity.type === ActivityTypes.Message) {
        const part = replyPartOf(activity);
        if (part) output.parts.push(part);
        if (activity.locale) output.language = activity.locale;
      }
      // typing, delay, trace and the like mean nothing on a phone
      return { id: `${context.activity.id ?? 'proactive'}:${output.parts.length}` };
    });
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('A text message cannot be changed once sent.'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('A text message cannot be taken back once sent.'));
  }

  /** A turn the bot starts itself (a proactive message); its replies go out like any other turn's. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.runTurn(activity, logic, undefined, {});
  }

  private async runTurn(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
    dedupeKey: string | undefined,
    options: TurnOptions,
  ): Promise<void> {
    const address = activity.conversation?.id;
    let marking = false;
    // the reply goes to the relay already claimed only when this transaction's commit is the turn's own
    const outermost = !this.uow.inTransaction;
    let handover: Handover | undefined;
    const writesBefore = this.outbox.unclaimedWrites;
    try {
      await this.uow.transaction(async () => {
        const context = new TurnContext(this, activity);
        const output: TurnOutput = { parts: [] };
        context.turnState.set(OUTPUT, output);
        await this.runMiddleware(context, logic);
        const said = output.parts.length > 0 ? messagePayload(this.keys.dialogReply, {}, output.language ?? 'en', { parts: output.parts }) : undefined;
        const owed = replies(this.channel, address, said, dedupeKey);
        if (outermost && owed.length === 1) handover = await this.outbox.enqueueHandedOver(owed[0]);
        else await this.outbox.enqueue(owed);
        marking = true;
        await options.handled?.({ failed: false });
        marking = false;
      });
      handover?.committed();
    } catch (error) {
      handover?.abandoned();
      // the text was handled meanwhile (by another instance): no turn of ours failed, none is owed an apology
      if (marking) throw error;
      const errorId = randomUUID();
      this.logger.error(
        { err: loggableError(error), errorId, from: address ? maskPhone(address) : undefined },
        'The bot failed during an SMS turn',
      );
      await this.uow.transaction(async () => {
        const language = (await options.language?.().catch(() => undefined)) ?? 'en';
        await this.outbox.enqueue(replies(this.channel, address, messagePayload(this.keys.turnFailed, {}, language), dedupeKey));
        await options.handled?.({ failed: true });
      });
    }
    // a relay woken for a turn that wrote nothing but the reply it was handed would claim in vain
    if (this.outbox.unclaimedWrites !== writesBefore) this.outbox.committed();
  }
}

/** A turn's replies as one outbox message, so that they leave in the order the bot said them. */
function replies(channel: string, address: string | undefined, payload: Record<string, unknown> | undefined, dedupeKey: string | undefined): NewOutboxMessage[] {
  if (!payload || !address) return [];
  return [{ reference: null, channel, kind: DIALOG_REPLY_KIND, recipient: { address }, payload, dedupeKey }];
}

function outputOf(context: TurnContext): TurnOutput {
  const output = context.turnState.get(OUTPUT) as TurnOutput | undefined;
  if (!output) throw new Error('An SMS turn must be started by SmsBotAdapter.processActivity or continueConversation');
  return output;
}

/**
 * A customer's text as the dialogs expect it on the SMS channel: their number is both the conversation and the
 * sender, ours is the recipient, and no locale is set, so the dialogs ask for the language rather than guess it.
 */
export function inboundActivity(sms: InboundSms, channel: string = SMS_CHANNEL): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id: sms.messageSid,
    channelId: channel,
    serviceUrl: 'sms',
    timestamp: new Date(sms.receivedAt),
    from: { id: sms.from, name: '', role: 'user' },
    recipient: { id: sms.to, name: '', role: 'bot' },
    conversation: { id: sms.from, name: '', isGroup: false, conversationType: 'personal' },
    text: sms.body,
    textFormat: 'plain',
  };
}
