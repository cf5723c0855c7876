import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { Sql, SqlForLists } from '../../src/database/sql.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { OutboxMessageRecord } from '../../src/notifications/outbox-message.entity.js';
import { OutboxSettlement } from '../../src/notifications/outbox-settlement.js';
import { SMS_CHANNEL } from './sms-bot.adapter.js';
import { SmsDeliveryRecord } from './sms.entities.js';

/** Where one SMS stands, in our terms. */
type Progress = 'in_flight' | 'sent' | 'delivered' | 'failed' | 'unknown';

const RANK: Record<Progress, number> = { unknown: -1, in_flight: 0, sent: 1, delivered: 2, failed: 2 };

export interface StatusReport {
  messageSid: string;
  status: string;
  errorCode?: string;
}

export type StatusOutcome = 'recorded' | 'unknown_message';

/** Run for every text sent, so written by hand (see Sql). */
const SENT_PARTS = new Sql('SELECT part, message_sid AS "messageSid" FROM sms_deliveries WHERE outbox_message_id = ?');
const ATTEMPTED_PARTS = new Sql('SELECT part, attempted_at AS "attemptedAt" FROM sms_send_attempts WHERE outbox_message_id = ?');
/** The first attempt is kept: a text it handed over is the one to look for. */
const RECORD_ATTEMPT = new Sql(
  'INSERT INTO sms_send_attempts (outbox_message_id, part, attempted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
);
/**
 * The outbox message is still in the hands of the relay's claim that is sending it (`attempts` counts claims), with
 * time left on its lease for a request to Twilio to end. Locks the row until the attempt commits, so a new claim
 * cannot slip in between.
 */
const STILL_CLAIMED = new Sql(
  `UPDATE outbox_messages SET updated_at = updated_at WHERE id = ? AND status = 'sending' AND attempts = ? AND lease_until >= ?
   RETURNING id`,
);
const FORGET_ATTEMPT = new Sql('DELETE FROM sms_send_attempts WHERE outbox_message_id = ? AND part = ?');
/** A status callback may have got here first: then the row is already there. */
const RECORD_SENT = new Sql(
  `INSERT INTO sms_deliveries (message_sid, outbox_message_id, part, parts, provider_status, error_code, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING`,
);
const RECORDED_SIDS = new SqlForLists((sids) => `SELECT message_sid AS "messageSid" FROM sms_deliveries WHERE message_sid IN (${sids})`);

/** How far one outbox message got: the texts Twilio took, and those handed over with no answer heard. */
export interface SendProgress {
  /** Message SID by part. */
  sent: Map<number, string>;
  /** When each part still unanswered was first handed over, by part. */
  attempted: Map<number, Date>;
}

/** Every SMS sent for an outbox message, and what Twilio's delivery callbacks say became of it. */
@Injectable()
export class SmsDeliveries {
  private readonly logger = new Logger('SmsDeliveries');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly settlement: OutboxSettlement,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** What Twilio already took of an outbox message, and what it may have taken unheard: a retry sends only the rest. */
  async progress(outboxMessageId: string): Promise<SendProgress> {
    return this.uow.read(async (manager) => {
      const sent = await SENT_PARTS.run<Pick<SmsDeliveryRecord, 'part' | 'messageSid'>>(manager, [outboxMessageId]);
      const attempted = await ATTEMPTED_PARTS.run<{ part: number; attemptedAt: string }>(manager, [outboxMessageId]);
      return {
        sent: new Map(sent.rows.map((row) => [Number(row.part), row.messageSid])),
        attempted: new Map(attempted.rows.map((row) => [Number(row.part), new Date(row.attemptedAt)])),
      };
    });
  }

  /**
   * Committed before a text goes to Twilio, so that a crash or a lost answer leaves a trace to look for; false, and
   * nothing recorded, when the claim that is sending the message is no longer the message's or its lease would lapse
   * before a request of `requestMs` could end. A claim whose lease lapsed mid-send (a slow machine) or whose relay gave
   * up waiting is sent by a new claim, which finds what the old one handed over in Twilio's list or in
   * `sms_deliveries`: the old one must hand over nothing more, or a text goes twice.
   */
  async recordAttempt(outboxMessageId: string, part: number, claim: { attempts: number; requestMs: number }): Promise<boolean> {
    const now = this.clock.now();
    const mustLastUntil = new Date(now.getTime() + claim.requestMs).toISOString();
    return this.uow.transaction(async (manager) => {
      const { rows } = await STILL_CLAIMED.run(manager, [outboxMessageId, claim.attempts, mustLastUntil]);
      if (rows.length === 0) return false;
      await RECORD_ATTEMPT.run(manager, [outboxMessageId, part, now.toISOString()]);
      return true;
    });
  }

  /** Twilio answered that it did not take the text: nothing to look for. */
  async forgetAttempt(outboxMessageId: string, part: number): Promise<void> {
    await this.uow.transaction((manager) => FORGET_ATTEMPT.run(manager, [outboxMessageId, part]));
  }

  /** Which of these Message SIDs are recorded as sent for some outbox message. */
  async recorded(messageSids: string[]): Promise<Set<string>> {
    if (messageSids.length === 0) return new Set();
    const { rows } = await this.uow.read((manager) =>
      RECORDED_SIDS.for(messageSids.length).run<{ messageSid: string }>(manager, messageSids),
    );
    return new Set(rows.map((row) => row.messageSid));
  }

  /** Twilio took the text (it answered, or it was found in Twilio's list): the attempt is settled. */
  async recordSent(outboxMessageId: string, part: number, parts: number, messageSid: string, status: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.uow.transaction(async (manager) => {
      await RECORD_SENT.run(manager, [messageSid, outboxMessageId, part, parts, status, now, now]);
      await FORGET_ATTEMPT.run(manager, [outboxMessageId, part]);
    });
  }

  /**
   * Records a delivery callback and settles the outbox message it is about, in one transaction. Twilio may report out
   * of order (delivered before sent) and more than once, so a part's status never replaces a later one, and the
   * message is settled once (a failure after a delivery is older news: both are final statuses at Twilio).
   */
  async record(report: StatusReport): Promise<StatusOutcome> {
    const progress = this.progressOf(report.status);
    const now = this.clock.now().toISOString();
    return this.uow.transaction(async (manager) => {
      let delivery = await manager.findOneBy(SmsDeliveryRecord, { messageSid: report.messageSid });
      if (!delivery) delivery = await this.adoptFromOutbox(manager, report, now);
      if (!delivery) {
        this.logger.debug({ messageSid: report.messageSid, status: report.status }, 'Delivery callback for a message we did not send');
        return 'unknown_message';
      }
      if (RANK[progress] > RANK[this.progressOf(delivery.providerStatus)]) {
        await manager.update(
          SmsDeliveryRecord,
          { messageSid: delivery.messageSid },
          { providerStatus: report.status, errorCode: report.errorCode ?? delivery.errorCode, updatedAt: now },
        );
      }
      await this.settleOutbox(manager, delivery.outboxMessageId);
      return 'recorded';
    });
  }

  /** A callback may outrun our own record of the send; the relay has then stored the SID on the outbox row. */
  private async adoptFromOutbox(manager: EntityManager, report: StatusReport, now: string): Promise<SmsDeliveryRecord | null> {
    const message = await manager.findOneBy(OutboxMessageRecord, { channel: SMS_CHANNEL, providerId: report.messageSid });
    if (!message) return null;
    const delivery: SmsDeliveryRecord = {
      messageSid: report.messageSid,
      outboxMessageId: message.id,
      part: 0,
      parts: 1,
      providerStatus: 'queued',
      errorCode: null,
      createdAt: now,
      updatedAt: now,
    };
    await manager.createQueryBuilder().insert().into(SmsDeliveryRecord).values(delivery).orIgnore().execute();
    return delivery;
  }

  /**
   * Every part of a message delivered makes it delivered; any part failed makes it failed, with Twilio's error code.
   * The settlement decides whether that is news (see OutboxSettlement): a message already settled stays as it is,
   * and only a failure it takes is told to staff.
   */
  private async settleOutbox(manager: EntityManager, outboxMessageId: string): Promise<void> {
    const parts = await manager.find(SmsDeliveryRecord, { where: { outboxMessageId }, order: { part: 'ASC' } });
    if (parts.length === 0) return;
    const failed = parts.find((part) => this.progressOf(part.providerStatus) === 'failed');
    const allDelivered =
      parts.length === parts[0].parts && parts.every((part) => this.progressOf(part.providerStatus) === 'delivered');
    if (!failed && !allDelivered) return;
    const lastError = failed
      ? `Twilio ${failed.errorCode ?? 'error'}: ${failed.providerStatus}${failed.parts > 1 ? ` (text ${failed.part + 1} of ${failed.parts})` : ''}`
      : null;
    await this.settlement.settle({ id: outboxMessageId }, failed ? 'failed' : 'delivered', lastError ? { error: lastError } : {});
  }

  /** Twilio's message statuses in our terms; every mapping of them is here. */
  private progressOf(status: string): Progress {
    switch (status) {
      case 'accepted':
      case 'scheduled':
      case 'queued':
      case 'sending':
        return 'in_flight';
      case 'sent':
        return 'sent';
      case 'delivered':
      case 'read':
        return 'delivered';
      case 'undelivered':
      case 'failed':
      case 'canceled':
        return 'failed';
      default:
        return 'unknown';
    }
  }
}
