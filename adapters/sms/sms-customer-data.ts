import { Injectable } from '@nestjs/common';
import type { CustomerDataSource, DataSubject } from '../../src/privacy/customer-data.js';
import { SmsDeliveryRepository } from './sms-delivery.repository.js';
import { SmsOptOutRepository } from './sms-opt-out.repository.js';

/** The conversations on a number: by SMS and on WhatsApp, whose opt-out is the same. */
const PREFIXES = ['sms:', 'whatsapp:'];

/**
 * Whether a customer's number opted out, and Twilio's word on each text sent to them (the texts they sent are the
 * inbound pipeline's). An opt-out is never swept: it is what keeps Redress from texting a number that said STOP.
 */
@Injectable()
export class SmsCustomerData implements CustomerDataSource {
  readonly name = 'sms';

  constructor(
    private readonly optOuts: SmsOptOutRepository,
    private readonly deliveries: SmsDeliveryRepository,
  ) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const numbers = [
      ...new Set(subject.conversations.flatMap((key) => PREFIXES.filter((prefix) => key.startsWith(prefix)).map((prefix) => key.slice(prefix.length)))),
    ];
    return {
      optOuts: await this.optOuts.ofNumbers(numbers),
      deliveries: await this.deliveries.ofOutboxMessages([...subject.outboxMessageIds]),
    };
  }

  /** Everything but an opt-out, which keeps the number from being texted again after a STOP. */
  erase(subject: DataSubject): Promise<Record<string, number>> {
    return this.deliveries.deleteOfOutboxMessages([...subject.outboxMessageIds]);
  }

  /** Nothing to let go: an opt-out must stay, and a delivery holds only Twilio's status of a message Redress sent. */
  sweep(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
}
