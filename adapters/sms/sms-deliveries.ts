import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../../src/complaints/clock.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { OutboxMessageRepository } from '../../src/notifications/outbox-message.repository.js';
import { OutboxSettlement } from '../../src/notifications/outbox-settlement.js';
import { SMS_CHANNEL } from './sms-bot.adapter.js';
import { SmsDeliveryRepository } from './sms-delivery.repository.js';
import { twilioErrorReason } from './twilio-error-reasons.js';
import { WHATSAPP_CHANNEL } from './whatsapp.channel.js';
import type { SmsDeliveryRecord } from './sms.entities.js';

/** Where one SMS stands, in our terms. */
type Progress = 'in_flight' | 'sent' | 'delivered' | 'failed' | 'unknown';

const RANK: Record<Progress, number> = { unknown: -1, in_flight: 0, sent: 1, delivered: 2, failed: 2 };

export interface StatusReport {
  messageSid: string;
  status: string;
  errorCode?: string;
}

/** `kept`: the text is not recorded yet, and the status waits for it (see SmsEarlyStatusRecord). */
export type StatusOutcome = 'recorded' | 'kept';

/** How long a status reported for a text never recorded is kept: past any retry of a send whose answer was lost. */
const EARLY_STATUS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** How far one outbox message got: the texts Twilio took, and those handed over with no answer heard. */
export interface SendProgress {
  /** Message SID by part. */
  sent: Map<number, string>;
  /** When each part still unanswered was first handed over, by part. */
  attempted: Map<number, Date>;
}

/** A text of an outbox message that Twilio took: its part of how many, its Message SID and Twilio's status for it. */
export interface TakenText {
  part: number;
  parts: number;
  messageSid: string;
  status: string;
}

/** Every SMS or WhatsApp message sent for an outbox message, and what Twilio's delivery callbacks say became of it. */
@Injectable()
export class SmsDeliveries {
  private readonly logger = new Logger('SmsDeliveries');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: SmsDeliveryRepository,
    private readonly outboxMessages: OutboxMessageRepository,
    private readonly settlement: OutboxSettlement,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** What Twilio already took of an outbox message, and what it may have taken unheard: a retry sends only the rest. */
  progress(outboxMessageId: string): Promise<SendProgress> {
    return this.deliveries.progress(outboxMessageId);
  }

  /**
   * Committed before a text goes to Twilio, so that a crash or a lost answer leaves a trace to look for; false, and
   * nothing recorded, when the claim that is sending the message is no longer the message's or its lease would lapse
   * before a request of `requestMs` could end. A claim whose lease lapsed mid-send (a slow machine) or whose relay gave
   * up waiting is sent by a new claim, which finds what the old one handed over in Twilio's list or in
   * `sms_deliveries`: the old one must hand over nothing more, or a text goes twice.
   *
   * `taken`, the message's text before this one that Twilio took, is recorded in the same commit (committed even when
   * the claim no longer holds): one commit a text rather than two. Until it commits, that text is an attempt with no
   * answer recorded, which a crash leaves to be found in Twilio's list, as ever.
   */
  async recordAttempt(outboxMessageId: string, part: number, claim: { attempts: number; requestMs: number }, taken?: TakenText): Promise<boolean> {
    const now = this.clock.now();
    const mustLastUntil = new Date(now.getTime() + claim.requestMs).toISOString();
    return this.uow.transaction(async () => {
      if (taken) await this.addSent(outboxMessageId, taken, now.toISOString());
      // holds the outbox row until the attempt commits, so a new claim cannot slip in between
      if (!(await this.outboxMessages.holdClaim(outboxMessageId, claim.attempts, mustLastUntil))) return false;
      await this.deliveries.recordAttempt(outboxMessageId, part, now.toISOString());
      return true;
    });
  }

  /** Twilio answered that it did not take the text: nothing to look for. */
  async forgetAttempt(outboxMessageId: string, part: number): Promise<void> {
    await this.uow.transaction(() => this.deliveries.forgetAttempt(outboxMessageId, part));
  }

  /** Which of these Message SIDs are recorded as sent for some outbox message. */
  recorded(messageSids: string[]): Promise<Set<string>> {
    return this.deliveries.recorded(messageSids);
  }

  /** Twilio took the text (it answered, or it was found in Twilio's list): the attempt is settled. */
  async recordSent(outboxMessageId: string, part: number, parts: number, messageSid: string, status: string): Promise<void> {
    await this.uow.transaction(() => this.addSent(outboxMessageId, { part, parts, messageSid, status }, this.clock.now().toISOString()));
  }

  private async addSent(outboxMessageId: string, { part, parts, messageSid, status }: TakenText, now: string): Promise<void> {
    await this.deliveries.add({ messageSid, outboxMessageId, part, parts, providerStatus: status, errorCode: null, createdAt: now, updatedAt: now });
    await this.deliveries.forgetAttempt(outboxMessageId, part);
    await this.applyEarly(outboxMessageId, messageSid, status, now);
  }

  /**
   * What Twilio reported of a text before we recorded it, applied now as its callbacks would have been: the furthest
   * status, the first reported of equals (as in `record`), and the message settled by it.
   */
  private async applyEarly(outboxMessageId: string, messageSid: string, status: string, now: string): Promise<void> {
    const early = await this.deliveries.takeEarly(messageSid);
    if (early.length === 0) return;
    const furthest = early.reduce((best, next) => (RANK[this.progressOf(next.providerStatus)] > RANK[this.progressOf(best.providerStatus)] ? next : best));
    if (RANK[this.progressOf(furthest.providerStatus)] <= RANK[this.progressOf(status)]) return;
    await this.deliveries.updateStatus(messageSid, { providerStatus: furthest.providerStatus, errorCode: furthest.errorCode, updatedAt: now });
    await this.settleOutbox(outboxMessageId);
  }

  /**
   * Records a delivery callback and settles the outbox message it is about, in one transaction. Twilio may report out
   * of order (delivered before sent) and more than once, so a part's status never replaces a later one, and the
   * message is settled once (a failure after a delivery is older news: both are final statuses at Twilio).
   */
  async record(report: StatusReport): Promise<StatusOutcome> {
    const progress = this.progressOf(report.status);
    const now = this.clock.now().toISOString();
    return this.uow.transaction(async () => {
      const delivery = (await this.deliveries.find(report.messageSid)) ?? (await this.adoptFromOutbox(report, now));
      if (!delivery) {
        // Twilio may report on a text before we have recorded its Message SID, and reports each status once
        const forgetBefore = new Date(this.clock.now().getTime() - EARLY_STATUS_KEPT_MS).toISOString();
        await this.deliveries.keepEarly(report.messageSid, report.status, report.errorCode ?? null, now, forgetBefore);
        this.logger.debug({ messageSid: report.messageSid, status: report.status }, 'Delivery callback for a text not recorded yet: kept until it is');
        return 'kept';
      }
      if (RANK[progress] > RANK[this.progressOf(delivery.providerStatus)]) {
        await this.deliveries.updateStatus(delivery.messageSid, { providerStatus: report.status, errorCode: report.errorCode ?? delivery.errorCode, updatedAt: now });
      }
      await this.settleOutbox(delivery.outboxMessageId);
      return 'recorded';
    });
  }

  /** A callback may outrun our own record of the send; the relay has then stored the SID on the outbox row. */
  private async adoptFromOutbox(report: StatusReport, now: string): Promise<SmsDeliveryRecord | null> {
    const message =
      (await this.outboxMessages.findByProviderId(SMS_CHANNEL, report.messageSid)) ??
      (await this.outboxMessages.findByProviderId(WHATSAPP_CHANNEL, report.messageSid));
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
    await this.deliveries.add(delivery);
    return delivery;
  }

  /**
   * Every part of a message delivered makes it delivered; any part failed makes it failed, with Twilio's error code.
   * The settlement decides whether that is news (see OutboxSettlement): a message already settled stays as it is,
   * and only a failure it takes is told to staff.
   */
  private async settleOutbox(outboxMessageId: string): Promise<void> {
    const parts = await this.deliveries.partsOf(outboxMessageId);
    if (parts.length === 0) return;
    const failed = parts.find((part) => this.progressOf(part.providerStatus) === 'failed');
    const allDelivered =
      parts.length === parts[0].parts && parts.every((part) => this.progressOf(part.providerStatus) === 'delivered');
    if (!failed && !allDelivered) return;
    const lastError = failed
      ? `${twilioErrorReason(failed.errorCode ?? undefined)}: ${failed.providerStatus}${failed.parts > 1 ? ` (text ${failed.part + 1} of ${failed.parts})` : ''}`
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
