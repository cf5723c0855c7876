import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { deleteIn, findIn } from '../../src/privacy/batched-rows.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { SmsDeliveryRecord, SmsInboundMessageRecord, SmsOptOutRecord, SmsSendAttemptRecord } from './sms.entities.js';

const PREFIX = 'sms:';

/**
 * The texts a customer sent, whether their number opted out, and Twilio's word on each text sent to them. An opt-out
 * is never swept: it is what keeps Redress from texting a number that said STOP.
 */
@Injectable()
export class SmsCustomerData implements CustomerDataSource {
  readonly name = 'sms';

  constructor(private readonly uow: UnitOfWork) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const numbers = subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length));
    return this.uow.read(async (manager) => ({
      inboundTexts: (await findIn(manager, SmsInboundMessageRecord, 'fromNumber', numbers)).sort((a, b) => a.id - b.id),
      optOuts: await findIn(manager, SmsOptOutRecord, 'phoneNumber', numbers),
      deliveries: await findIn(manager, SmsDeliveryRecord, 'outboxMessageId', [...subject.outboxMessageIds]),
    }));
  }

  /** Everything but an opt-out, which keeps the number from being texted again after a STOP. */
  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const numbers = subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length));
    const outbox = [...subject.outboxMessageIds];
    return {
      inboundTexts: await deleteIn(this.uow, SmsInboundMessageRecord, 'fromNumber', numbers),
      deliveries: await deleteIn(this.uow, SmsDeliveryRecord, 'outboxMessageId', outbox),
      sendAttempts: await deleteIn(this.uow, SmsSendAttemptRecord, 'outboxMessageId', outbox),
    };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    // Unhandled texts are still owed a turn, whatever their age.
    const old = await this.uow.read((manager) =>
      manager.find(SmsInboundMessageRecord, {
        select: { id: true, fromNumber: true },
        where: { handledAt: Not(IsNull()), receivedAt: LessThan(cutoffs.inboundMessagesBefore) },
      }),
    );
    const kept = await links.linked(old.map((text) => PREFIX + text.fromNumber), 'open');
    const gone = old.filter((text) => !kept.has(PREFIX + text.fromNumber)).map((text) => text.id);
    return { inboundTexts: await deleteIn(this.uow, SmsInboundMessageRecord, 'id', gone) };
  }
}
