import { Logger, type OnModuleInit } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import { withFiles, type ArrivedFile, type EvidenceIntake, type EvidenceOrigin, type FilesAccepted } from '../../dialogs/evidence-files.js';
import type { Language } from '../../dialogs/messages/messages.js';
import { storedLanguage } from '../../dialogs/stored-language.js';
import type { Clock } from '../../src/complaints/clock.js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import type { UnitOfWork } from '../../src/database/unit-of-work.js';
import type { InboundMessage, InboundPipeline, InboundTurn } from '../../src/inbound/inbound-pipeline.js';
import type { Outbox } from '../../src/notifications/outbox.js';
import { messagePayload } from '../../src/notifications/rendering/message-payload.js';
import { carrierKeyword } from './carrier-keywords.js';
import { inboundActivity, type InboundSms, type SmsBotAdapter } from './sms-bot.adapter.js';
import type { SmsOptOutRepository } from './sms-opt-out.repository.js';
import { type InboundOutcome } from './sms.entities.js';
import type { InboundMedia, TwilioMedia } from './twilio-media.js';
import { KEYWORD_REPLY_KIND } from './twilio-sms.notifier.js';

export interface ReceivedSms extends InboundSms {
  accountSid: string;
  numMedia: number;
  media: InboundMedia[];
  numSegments: number;
}

/** What the inbound pipeline keeps of a text besides its sender (the conversation) and MessageSid (the provider id). */
interface StoredSms {
  accountSid: string;
  to: string;
  body: string;
  numMedia: number;
  /** Absent in messages stored before media were kept. */
  media?: InboundMedia[];
  numSegments: number;
}

type StoredText = InboundMessage<StoredSms>;

/** The inboxes' tokens: one for SMS, one for WhatsApp. */
export const SMS_INBOX = Symbol('SMS_INBOX');
export const WHATSAPP_INBOX = Symbol('WHATSAPP_INBOX');

/** The answers to STOP, START and HELP on one channel, as message keys. */
export interface KeywordReplyKeys {
  optedOut: string;
  optedIn: string;
  help: string;
}

/** One channel of texts to a number through Twilio (SMS, WhatsApp): its id, whether it is on, its turns and words. */
export interface TextLine {
  channel: string;
  /** For log lines: `SMS`, `WhatsApp`. */
  name: string;
  enabled: boolean;
  adapter: SmsBotAdapter;
  keywordReplies: KeywordReplyKeys;
  /** Where its messages' media come from (absent while the line is off). */
  media?: TwilioMedia;
  /** What customers are asked to send this way: photos (MMS), documents too (WhatsApp), or nothing. */
  filesAccepted?: FilesAccepted;
}

/** What an inbox needs of the core and the dialogs (built by SmsModule for each line). */
export interface InboxDependencies {
  uow: UnitOfWork;
  pipeline: InboundPipeline;
  clock: Clock;
  bot: Pick<ActivityHandler, 'run'>;
  optOuts: SmsOptOutRepository;
  outbox: Outbox;
  dialogStorage: Storage;
  /** Absent where no evidence is kept: media are then not fetched at all. */
  evidence?: EvidenceIntake;
}

/**
 * Customers' texts between Twilio and the bot, through the inbound pipeline: each is stored before Twilio hears back,
 * keyed on the customer's number, so a number's texts are handled one at a time and in order. Handling a text is
 * carrier keywords first, then a dialog turn. SMS and WhatsApp each have one (see TextLine); a number's opt-out
 * (STOP on either) holds for both.
 */
export class SmsInbox implements OnModuleInit {
  private readonly logger: Logger;
  private readonly uow: UnitOfWork;
  private readonly pipeline: InboundPipeline;
  private readonly clock: Clock;
  private readonly bot: Pick<ActivityHandler, 'run'>;
  private readonly optOuts: SmsOptOutRepository;
  private readonly outbox: Outbox;
  private readonly dialogStorage: Storage;
  private readonly evidence: EvidenceIntake | undefined;
  private readonly adapter: SmsBotAdapter;
  private readonly channel: string;

  constructor(
    dependencies: InboxDependencies,
    readonly line: TextLine,
  ) {
    ({ uow: this.uow, pipeline: this.pipeline, clock: this.clock, bot: this.bot, optOuts: this.optOuts, outbox: this.outbox, dialogStorage: this.dialogStorage } =
      dependencies);
    this.evidence = dependencies.evidence;
    this.adapter = line.adapter;
    this.channel = line.channel;
    this.logger = new Logger(`${line.name}Inbox`);
  }

  onModuleInit(): void {
    // texts kept from when the channel was on wait, unhandled, until it is on again
    if (this.line.enabled) this.pipeline.register<StoredSms>(this.channel, (text, turn) => this.handleLogged(text, turn));
  }

  /** Stores a text and starts its turn; false when Twilio sent this MessageSid before (a retry), which is then ignored. */
  async receive(sms: ReceivedSms): Promise<boolean> {
    const payload: StoredSms = {
      accountSid: sms.accountSid,
      to: sms.to,
      body: sms.body,
      numMedia: sms.numMedia,
      ...(sms.media.length > 0 ? { media: sms.media } : {}),
      numSegments: sms.numSegments,
    };
    const { duplicate } = await this.pipeline.store({
      channel: this.channel,
      conversationKey: sms.from,
      providerId: sms.messageSid,
      payload,
      receivedAt: sms.receivedAt,
    });
    return !duplicate;
  }

  private async handleLogged(text: StoredText, turn: InboundTurn): Promise<void> {
    const outcome = await this.handle(text, turn);
    this.logger.log({ messageSid: text.providerId, from: maskPhone(text.conversationKey), outcome }, `${this.line.name} handled`);
  }

  private async handle(text: StoredText, turn: InboundTurn): Promise<InboundOutcome> {
    const from = text.conversationKey;
    const { body } = text.payload;
    const keyword = carrierKeyword(body);
    // the keywords are English words, so the answer is in the language the customer last used with us
    const language = keyword ? ((await storedLanguage(this.dialogStorage, this.channel, from)) ?? 'en') : 'en';
    switch (keyword) {
      case 'opt_out':
        return this.answerKeyword(text, turn, 'opted_out', this.line.keywordReplies.optedOut, language, () =>
          this.optOuts.optOut({
            phoneNumber: from,
            keyword: body.replace(/[^\p{L}]/gu, '').toUpperCase().slice(0, 16),
            messageSid: text.providerId,
            optedOutAt: this.clock.now().toISOString(),
          }),
        );
      case 'opt_in':
        return this.answerKeyword(text, turn, 'opted_in', this.line.keywordReplies.optedIn, language, () =>
          this.optOuts.optIn(from),
        );
      case 'help':
        return this.answerKeyword(text, turn, 'help', this.line.keywordReplies.help, language);
      case undefined:
        break;
    }
    if (await this.optOuts.isOptedOut(from)) {
      // nothing the dialog said could be sent; the customer texts START to talk again
      await this.uow.transaction(() => turn.handled('ignored_opted_out'));
      return 'ignored_opted_out';
    }
    let outcome: InboundOutcome = 'dialog';
    // fetched before the turn's transaction, which holds the database while it runs
    const files = await this.files(text);
    const activity = withFiles(
      inboundActivity({ messageSid: text.providerId, from, to: text.payload.to, body, receivedAt: text.receivedAt }, this.channel),
      files,
      this.line.filesAccepted,
    );
    await this.adapter.processActivity(activity, (context) => this.bot.run(context), {
      handled: (result) => {
        outcome = result.failed ? 'turn_failed' : 'dialog';
        return turn.handled(outcome);
      },
      language: async () => (await storedLanguage(this.dialogStorage, this.channel, from)) ?? 'en',
    });
    return outcome;
  }

  /**
   * The message's media, fetched from Twilio. Where no evidence is kept they are not fetched at all: the dialogs then
   * tell the customer that nothing sent this way is kept.
   */
  private async files(text: StoredText): Promise<ArrivedFile[]> {
    const media = text.payload.media ?? [];
    if (media.length === 0) return [];
    const origin = this.channel as EvidenceOrigin;
    if (!this.evidence || !this.line.media) {
      return media.map((_, index) => ({ sourceKey: `twilio:${text.providerId}:${index}`, origin, missing: { reason: 'unavailable' } }));
    }
    return this.line.media.fetchAll(text.providerId, media, origin, this.evidence.limits().maxFileBytes);
  }

  private async answerKeyword(
    text: StoredText,
    turn: InboundTurn,
    outcome: InboundOutcome,
    reply: string,
    language: Language,
    change?: () => Promise<void>,
  ): Promise<InboundOutcome> {
    await this.uow.transaction(async () => {
      await change?.();
      await this.outbox.enqueue([
        {
          reference: null,
          channel: this.channel,
          kind: KEYWORD_REPLY_KIND,
          recipient: { address: text.conversationKey },
          payload: messagePayload(reply, {}, language),
          dedupeKey: `${this.channel}:keyword:${text.providerId}`,
        },
      ]);
      await turn.handled(outcome);
    });
    this.outbox.committed();
    return outcome;
  }
}
