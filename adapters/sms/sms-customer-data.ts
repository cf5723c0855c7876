import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { deleteIn, findIn } from '../../src/privacy/batched-rows.js';
import type { CustomerDataSource, DataSubject } from '../../src/privacy/customer-data.js';
import { SmsDeliveryRecord, SmsOptOutRecord, SmsSendAttemptRecord } from './sms.entities.js';

const PREFIX = 'sms:';

/**
 * Whether a customer's number opted out, and Twilio's word on each text sent to them (the texts they sent are the
 * inbound pipeline's). An opt-out is never swept: it is what keeps Redress from texting a number that said STOP.
 */
@Injectable()
export class SmsCustomerData implements CustomerDataSource {
  readonly name = 'sms';

  constructor(private readonly uow: UnitOfWork) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const numbers = subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length));
    return this.uow.read(async (manager) => ({
      optOuts: await findIn(manager, SmsOptOutRecord, 'phoneNumber', numbers),
      deliveries: await findIn(manager, SmsDeliveryRecord, 'outboxMessageId', [...subject.outboxMessageIds]),
    }));
  }

  /** Everything but an opt-out, which keeps the number from being texted again after a STOP. */
  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const outbox = [...subject.outboxMessageIds];
    return {
      deliveries: await deleteIn(this.uow, SmsDeliveryRecord, 'outboxMessageId', outbox),
      sendAttempts: await deleteIn(this.uow, SmsSendAttemptRecord, 'outboxMessageId', outbox),
    };
  }

  /** Nothing to let go: an opt-out must stay, and a delivery holds only Twilio's status of a message Redress sent. */
  sweep(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
}
