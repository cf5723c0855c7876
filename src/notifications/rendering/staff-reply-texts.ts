import { Injectable } from '@nestjs/common';
import { CaseHistory } from '../../audit/case-history.js';
import { DeliveryError } from '../channel-notifier.js';
import type { OutboxMessageRecord } from '../outbox-message.entity.js';
import { STAFF_REPLY_KEY, type Variables } from './message-payload.js';

/**
 * A staff reply's words are kept once, in the case's history (`message.sent_to_customer`); its outbox row names that
 * event (`textOf`, the event's id) and they are read back just before it is sent, so the customer gets exactly what
 * staff wrote. Rows written before, with the text in their variables, are sent as they are.
 */
@Injectable()
export class StaffReplyTexts {
  constructor(private readonly history: CaseHistory) {}

  /** The message with its reply's words filled in; the message itself when it has them already. */
  async complete(message: OutboxMessageRecord): Promise<OutboxMessageRecord> {
    const { payload } = message;
    if (payload.key !== STAFF_REPLY_KEY || typeof payload.textOf !== 'number' || message.reference === null) return message;
    const variables = (payload.variables ?? {}) as Variables;
    if (typeof variables.text === 'string') return message;
    const text = await this.history.sentText(message.reference, payload.textOf);
    // erased with its case, or never there: nothing true is left to send
    if (text === null) throw new DeliveryError("The reply's words are no longer in the case's history", true);
    return { ...message, payload: { ...payload, variables: { ...variables, text } } };
  }
}
