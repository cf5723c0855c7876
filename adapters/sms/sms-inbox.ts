import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import type { Language } from '../../dialogs/messages/messages.js';
import { storedLanguage } from '../../dialogs/stored-language.js';
import { BOT } from '../../dialogs/tokens.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { DIALOG_STORAGE } from '../../src/database/dialog-state/dialog-storage.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { InboundPipeline, type InboundMessage, type InboundTurn } from '../../src/inbound/inbound-pipeline.js';
import { Outbox } from '../../src/notifications/outbox.js';
import { messagePayload } from '../../src/notifications/rendering/message-payload.js';
import { carrierKeyword } from './carrier-keywords.js';
import { inboundActivity, SMS_CHANNEL, SmsBotAdapter, type InboundSms } from './sms-bot.adapter.js';
import { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { SMS_KEYS } from './sms-messages.js';
import { SMS_SETTINGS, type SmsSettings } from './sms-settings.js';
import { type InboundOutcome } from './sms.entities.js';
import { KEYWORD_REPLY_KIND } from './twilio-sms.notifier.js';

export interface ReceivedSms extends InboundSms {
  accountSid: string;
  numMedia: number;
  numSegments: number;
}

/** What the inbound pipeline keeps of a text besides its sender (the conversation) and MessageSid (the provider id). */
interface StoredSms {
  accountSid: string;
  to: string;
  body: string;
  numMedia: number;
  numSegments: number;
}

type StoredText = InboundMessage<StoredSms>;

/**
 * Customers' texts between Twilio and the bot, through the inbound pipeline: each is stored before Twilio hears back,
 * keyed on the customer's number, so a number's texts are handled one at a time and in order. Handling a text is
 * carrier keywords first, then a dialog turn.
 */
@Injectable()
export class SmsInbox implements OnModuleInit {
  private readonly logger = new Logger('SmsInbox');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly pipeline: InboundPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly adapter: SmsBotAdapter,
    @Inject(BOT) private readonly bot: Pick<ActivityHandler, 'run'>,
    private readonly optOuts: SmsOptOutRepository,
    private readonly outbox: Outbox,
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(DIALOG_STORAGE) private readonly dialogStorage: Storage,
  ) {}

  onModuleInit(): void {
    // texts kept from when SMS was on wait, unhandled, until it is on again
    if (this.sms.enabled) this.pipeline.register<StoredSms>(SMS_CHANNEL, (text, turn) => this.handleLogged(text, turn));
  }

  /** Stores a text and starts its turn; false when Twilio sent this MessageSid before (a retry), which is then ignored. */
  async receive(sms: ReceivedSms): Promise<boolean> {
    const payload: StoredSms = { accountSid: sms.accountSid, to: sms.to, body: sms.body, numMedia: sms.numMedia, numSegments: sms.numSegments };
    const { duplicate } = await this.pipeline.store({
      channel: SMS_CHANNEL,
      conversationKey: sms.from,
      providerId: sms.messageSid,
      payload,
      receivedAt: sms.receivedAt,
    });
    return !duplicate;
  }

  private async handleLogged(text: StoredText, turn: InboundTurn): Promise<void> {
    const outcome = await this.handle(text, turn);
    this.logger.log({ messageSid: text.providerId, from: maskPhone(text.conversationKey), outcome }, 'SMS handled');
  }

  private async handle(text: StoredText, turn: InboundTurn): Promise<InboundOutcome> {
    const from = text.conversationKey;
    const { body } = text.payload;
    const keyword = carrierKeyword(body);
    // the keywords are English words, so the answer is in the language the customer last used with us
    const language = keyword ? ((await storedLanguage(this.dialogStorage, SMS_CHANNEL, from)) ?? 'en') : 'en';
    switch (keyword) {
      case 'opt_out':
        return this.answerKeyword(text, turn, 'opted_out', SMS_KEYS.optedOut, language, () =>
          this.optOuts.optOut({
            phoneNumber: from,
            keyword: body.replace(/[^\p{L}]/gu, '').toUpperCase().slice(0, 16),
            messageSid: text.providerId,
            optedOutAt: this.clock.now().toISOString(),
          }),
        );
      case 'opt_in':
        return this.answerKeyword(text, turn, 'opted_in', SMS_KEYS.optedIn, language, () =>
          this.optOuts.optIn(from),
        );
      case 'help':
        return this.answerKeyword(text, turn, 'help', SMS_KEYS.help, language);
      case undefined:
        break;
    }
    if (await this.optOuts.isOptedOut(from)) {
      // nothing the dialog said could be sent; the customer texts START to talk again
      await this.uow.transaction(() => turn.handled('ignored_opted_out'));
      return 'ignored_opted_out';
    }
    let outcome: InboundOutcome = 'dialog';
    const activity = inboundActivity({ messageSid: text.providerId, from, to: text.payload.to, body, receivedAt: text.receivedAt });
    await this.adapter.processActivity(activity, (context) => this.bot.run(context), {
      handled: (result) => {
        outcome = result.failed ? 'turn_failed' : 'dialog';
        return turn.handled(outcome);
      },
      language: async () => (await storedLanguage(this.dialogStorage, SMS_CHANNEL, from)) ?? 'en',
    });
    return outcome;
  }

  private async answerKeyword(
    text: StoredText,
    turn: InboundTurn,
    outcome: InboundOutcome,
    reply: (typeof SMS_KEYS)[keyof typeof SMS_KEYS],
    language: Language,
    change?: () => Promise<void>,
  ): Promise<InboundOutcome> {
    await this.uow.transaction(async () => {
      await change?.();
      await this.outbox.enqueue([
        {
          reference: null,
          channel: SMS_CHANNEL,
          kind: KEYWORD_REPLY_KIND,
          recipient: { address: text.conversationKey },
          payload: messagePayload(reply, {}, language),
          dedupeKey: `sms:keyword:${text.providerId}`,
        },
      ]);
      await turn.handled(outcome);
    });
    this.outbox.committed();
    return outcome;
  }
}
