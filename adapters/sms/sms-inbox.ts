import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ActivityHandler, Storage } from 'botbuilder';
import type { EntityManager } from 'typeorm';
import type { Language } from '../../dialogs/messages/messages.js';
import { storedLanguage } from '../../dialogs/stored-language.js';
import { BOT } from '../../dialogs/tokens.js';
import { DIALOG_STORAGE } from '../../src/database/dialog-state/dialog-storage.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { CodeOfConductService } from '../../src/conduct/code-of-conduct.service.js';
import { maskPhone } from '../../src/contacts/contact-format.js';
import { ClaimLoop } from '../../src/database/claim-loop.js';
import { Sql, SqlForLists } from '../../src/database/sql.js';
import { isUniqueViolation, UnitOfWork } from '../../src/database/unit-of-work.js';
import { Outbox } from '../../src/notifications/outbox.js';
import { carrierKeyword } from './carrier-keywords.js';
import { loggableError } from './loggable-error.js';
import { inboundActivity, SMS_CHANNEL, SmsBotAdapter, type InboundSms } from './sms-bot.adapter.js';
import { SmsOptOuts } from './sms-opt-outs.js';
import { helpText, optedInText, optedOutText } from './sms-phrases.js';
import { SMS_SETTINGS, type SmsSettings } from './sms-settings.js';
import { SmsInboundMessageRecord, type InboundOutcome } from './sms.entities.js';
import { KEYWORD_REPLY_KIND } from './twilio-sms.notifier.js';

export interface ReceivedSms extends InboundSms {
  accountSid: string;
  numMedia: number;
  numSegments: number;
}

export interface InboxSettings {
  pollIntervalMs: number;
  /** How long a text being handled stays claimed: an instance that dies mid-turn loses its claim after this. */
  leaseMs: number;
  /** Most texts being handled at once. */
  capacity: number;
  /** Turns tried this many times without finishing are given up, so one poisonous text cannot block a number. */
  maxAttempts: number;
}

const INSERT_TEXT = new Sql(
  `INSERT INTO sms_inbound_messages (message_sid, account_sid, from_number, to_number, body, num_media, num_segments, received_at, attempts, claimed_until, handled_at, outcome)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
/** Not handled, and not held by this or another instance (or held by one that lost its claim). */
const FREE = 'handled_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)';
/**
 * Each number's next text (the oldest it has not had handled) that is free, oldest first: a number that sent many
 * texts at once takes one place, not all of them, and its next text waits while an earlier one is held.
 */
const NEXT_TEXTS = new Sql(
  `SELECT id FROM sms_inbound_messages
   WHERE id IN (SELECT MIN(id) FROM sms_inbound_messages WHERE handled_at IS NULL GROUP BY from_number) AND ${FREE}
   ORDER BY id ASC LIMIT ?`,
);
/** Claims those of the listed texts still free: another instance may have taken some meanwhile. */
const CLAIM_TEXTS = new SqlForLists(
  (ids) => `UPDATE sms_inbound_messages SET claimed_until = ?, attempts = attempts + 1 WHERE id IN (${ids}) AND ${FREE}
   RETURNING id, message_sid AS "messageSid", account_sid AS "accountSid", from_number AS "fromNumber", to_number AS "toNumber", body,
     num_media AS "numMedia", num_segments AS "numSegments", received_at AS "receivedAt", attempts, claimed_until AS "claimedUntil",
     handled_at AS "handledAt", outcome`,
);
const MARK_HANDLED = new Sql('UPDATE sms_inbound_messages SET handled_at = ?, outcome = ?, claimed_until = NULL WHERE id = ?');
const ANOTHER_WAITING = new Sql('SELECT 1 AS found FROM sms_inbound_messages WHERE handled_at IS NULL AND from_number = ? LIMIT 1');

export const INBOX_SETTINGS: Omit<InboxSettings, 'leaseMs'> = { pollIntervalMs: 5_000, capacity: 20, maxAttempts: 5 };

/**
 * Customers' texts between Twilio and the bot. Each is stored before Twilio hears back, then handled: carrier
 * keywords first, then a dialog turn. A number's texts are handled one at a time and in order, by whichever instance
 * claims the oldest, so two quick texts never race through the same conversation.
 */
@Injectable()
export class SmsInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmsInbox');
  private readonly settings: InboxSettings;
  private readonly loop: ClaimLoop<SmsInboundMessageRecord>;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly adapter: SmsBotAdapter,
    @Inject(BOT) private readonly bot: Pick<ActivityHandler, 'run'>,
    private readonly optOuts: SmsOptOuts,
    private readonly outbox: Outbox,
    private readonly conduct: CodeOfConductService,
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DIALOG_STORAGE) private readonly dialogStorage: Storage,
  ) {
    this.settings = { ...INBOX_SETTINGS, leaseMs: config.CLAIM_LEASE_SECONDS * 1000 };
    this.loop = new ClaimLoop({
      capacity: this.settings.capacity,
      claim: (room) => this.claim(room),
      handle: (row) => this.handleInOrder(row),
      // the claim stays until it lapses, then the text is tried again
      failed: (error, row) =>
        this.logger.error(
          { err: loggableError(error), messageSid: row.messageSid, from: maskPhone(row.fromNumber), attempts: row.attempts },
          'SMS could not be handled',
        ),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.sms.enabled) return;
    this.stopped = false;
    // texts acknowledged before a restart and never handled are picked up here, and after a lapsed claim
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.loop.stop();
  }

  /** Stores a text; false when Twilio sent this MessageSid before (a retry), which is then ignored. */
  async receive(sms: ReceivedSms): Promise<boolean> {
    const row: Omit<SmsInboundMessageRecord, 'id'> = {
      messageSid: sms.messageSid,
      accountSid: sms.accountSid,
      fromNumber: sms.from,
      toNumber: sms.to,
      body: sms.body,
      numMedia: sms.numMedia,
      numSegments: sms.numSegments,
      receivedAt: sms.receivedAt,
      attempts: 0,
      claimedUntil: null,
      handledAt: null,
      outcome: null,
    };
    try {
      await this.uow.transaction((manager) =>
        INSERT_TEXT.run(manager, [
          row.messageSid,
          row.accountSid,
          row.fromNumber,
          row.toNumber,
          row.body,
          row.numMedia,
          row.numSegments,
          row.receivedAt,
          row.attempts,
          row.claimedUntil,
          row.handledAt,
          row.outcome,
        ]),
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Handles waiting texts now; texts already being handled carry on meanwhile. */
  kick(): void {
    if (this.stopped) return;
    // a kick from inside a transaction must not run the pass inside it: the pass outlives it
    this.uow.detached(() =>
      this.drain().catch((error: unknown) => this.logger.error({ err: loggableError(error) }, 'SMS inbox pass failed')),
    );
  }

  /** Handles every text that can be handled now; resolves when none is left. */
  drain(): Promise<void> {
    return this.loop.run();
  }

  /** Reads the candidates first, so the claim itself updates only them, in a short transaction. */
  private async claim(room: number): Promise<SmsInboundMessageRecord[]> {
    const now = this.clock.now().toISOString();
    const { rows: next } = await this.uow.read((manager) => NEXT_TEXTS.run<{ id: number }>(manager, [now, room]));
    if (next.length === 0) return [];
    const claimedUntil = new Date(Date.parse(now) + this.settings.leaseMs).toISOString();
    const { rows } = await this.uow.transaction((manager) =>
      CLAIM_TEXTS.for(next.length).run<SmsInboundMessageRecord>(manager, [claimedUntil, ...next.map((row) => row.id), now]),
    );
    return rows.sort((a, b) => a.id - b.id);
  }

  private async handleInOrder(row: SmsInboundMessageRecord): Promise<void> {
    try {
      const outcome = await this.handle(row);
      this.logger.log({ messageSid: row.messageSid, from: maskPhone(row.fromNumber), outcome }, 'SMS handled');
    } finally {
      // the number's next text, if one came meanwhile, could not be claimed before this one was handled
      if (await this.anotherWaiting(row.fromNumber)) this.kick();
    }
  }

  private async anotherWaiting(fromNumber: string): Promise<boolean> {
    const { rows } = await this.uow.read((manager) => ANOTHER_WAITING.run(manager, [fromNumber]));
    return rows.length > 0;
  }

  private async handle(row: SmsInboundMessageRecord): Promise<InboundOutcome> {
    if (row.attempts > this.settings.maxAttempts) {
      await this.uow.transaction((manager) => this.markHandled(manager, row, 'gave_up'));
      return 'gave_up';
    }
    const organisation = this.conduct.code.organisation;
    const keyword = carrierKeyword(row.body);
    // the keywords are English words, so the answer is in the language the customer last used with us
    const language = keyword ? ((await storedLanguage(this.dialogStorage, SMS_CHANNEL, row.fromNumber)) ?? 'en') : 'en';
    switch (keyword) {
      case 'opt_out':
        return this.answerKeyword(row, 'opted_out', optedOutText(organisation.name, language), language, (manager) =>
          this.optOuts.optOut(manager, {
            phoneNumber: row.fromNumber,
            keyword: row.body.replace(/[^\p{L}]/gu, '').toUpperCase().slice(0, 16),
            messageSid: row.messageSid,
            optedOutAt: this.clock.now().toISOString(),
          }),
        );
      case 'opt_in':
        return this.answerKeyword(row, 'opted_in', optedInText(organisation.name, language), language, (manager) =>
          this.optOuts.optIn(manager, row.fromNumber),
        );
      case 'help':
        return this.answerKeyword(
          row,
          'help',
          helpText(organisation.name, organisation.contactRoutes, `${this.publicUrl()}/code-of-conduct`, language),
          language,
        );
      case undefined:
        break;
    }
    if (await this.optOuts.isOptedOut(row.fromNumber)) {
      // nothing the dialog said could be sent; the customer texts START to talk again
      await this.uow.transaction((manager) => this.markHandled(manager, row, 'ignored_opted_out'));
      return 'ignored_opted_out';
    }
    let outcome: InboundOutcome = 'dialog';
    const activity = inboundActivity({ ...row, from: row.fromNumber, to: row.toNumber });
    await this.adapter.processActivity(activity, (context) => this.bot.run(context), {
      alsoInTransaction: (manager, turn) => {
        outcome = turn.failed ? 'turn_failed' : 'dialog';
        return this.markHandled(manager, row, outcome);
      },
      language: async () => (await storedLanguage(this.dialogStorage, SMS_CHANNEL, row.fromNumber)) ?? 'en',
    });
    return outcome;
  }

  private async answerKeyword(
    row: SmsInboundMessageRecord,
    outcome: InboundOutcome,
    text: string,
    language: Language,
    change?: (manager: EntityManager) => Promise<void>,
  ): Promise<InboundOutcome> {
    await this.uow.transaction(async (manager) => {
      await change?.(manager);
      await this.outbox.enqueue(manager, [
        {
          reference: null,
          channel: SMS_CHANNEL,
          kind: KEYWORD_REPLY_KIND,
          recipient: { address: row.fromNumber },
          payload: { text, language },
          dedupeKey: `sms:keyword:${row.messageSid}`,
        },
      ]);
      await this.markHandled(manager, row, outcome);
    });
    this.outbox.committed();
    return outcome;
  }

  private async markHandled(manager: EntityManager, row: SmsInboundMessageRecord, outcome: InboundOutcome): Promise<void> {
    await MARK_HANDLED.run(manager, [this.clock.now().toISOString(), outcome, row.id]);
  }

  private publicUrl(): string {
    return this.sms.enabled ? this.sms.publicUrl : '';
  }
}
