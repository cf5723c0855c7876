import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { deleteIn, findIn } from '../privacy/batched-rows.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../privacy/customer-data.js';
import { InboundMessageRecord } from './inbound-message.entity.js';

/** `sms:+447911123456`: a message's conversation as exports and complaints name it. */
const keyOf = (row: Pick<InboundMessageRecord, 'channel' | 'conversationKey'>) => `${row.channel}:${row.conversationKey}`;

/**
 * What customers sent, on every channel, as the inbound pipeline stored it. A message still waiting for its turn is
 * never swept, whatever its age; one handled is kept while an open complaint came from (or reaches) its conversation.
 */
@Injectable()
export class InboundCustomerData implements CustomerDataSource {
  readonly name = 'inbound';

  constructor(private readonly uow: UnitOfWork) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    const keys = new Set(subject.conversations);
    const addresses = subject.conversations.map((key) => key.slice(key.indexOf(':') + 1));
    const rows = await this.uow.read((manager) => findIn(manager, InboundMessageRecord, 'conversationKey', addresses));
    return {
      messages: rows
        .filter((row) => keys.has(keyOf(row)))
        .sort((a, b) => a.id - b.id)
        .map(({ payload, ...row }) => ({ ...row, payload: JSON.parse(payload) as unknown })),
    };
  }

  /** Every message of the subject's conversations, a turn still waiting too: nothing of what they wrote stays. */
  async erase(subject: DataSubject): Promise<Record<string, number>> {
    const keys = new Set(subject.conversations);
    const addresses = subject.conversations.map((key) => key.slice(key.indexOf(':') + 1));
    const rows = await this.uow.read((manager) => findIn(manager, InboundMessageRecord, 'conversationKey', addresses));
    const theirs = rows.filter((row) => keys.has(keyOf(row))).map((row) => row.id);
    return { messages: await deleteIn(this.uow, InboundMessageRecord, 'id', theirs) };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const old = await this.uow.read((manager) =>
      manager.find(InboundMessageRecord, {
        select: { id: true, channel: true, conversationKey: true },
        where: { handledAt: Not(IsNull()), receivedAt: LessThan(cutoffs.inboundMessagesBefore) },
      }),
    );
    const kept = await links.linked([...new Set(old.map(keyOf))], 'open');
    const gone = old.filter((row) => !kept.has(keyOf(row))).map((row) => row.id);
    return { messages: await deleteIn(this.uow, InboundMessageRecord, 'id', gone) };
  }
}
