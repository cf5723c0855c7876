import { Injectable } from '@nestjs/common';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../privacy/customer-data.js';
import type { InboundMessageRecord } from './inbound-message.entity.js';
import { InboundMessageRepository } from './inbound-message.repository.js';

/** `sms:+447911123456`: a message's conversation as exports and complaints name it. */
const keyOf = (row: Pick<InboundMessageRecord, 'channel' | 'conversationKey'>) => `${row.channel}:${row.conversationKey}`;

/**
 * What customers sent, on every channel, as the inbound pipeline stored it. A message still waiting for its turn is
 * never swept, whatever its age; one handled is kept while an open complaint came from (or reaches) its conversation.
 */
@Injectable()
export class InboundCustomerData implements CustomerDataSource {
  readonly name = 'inbound';

  constructor(private readonly messages: InboundMessageRepository) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    return {
      messages: (await this.theirs(subject)).map(({ payload, ...row }) => ({ ...row, payload: JSON.parse(payload) as unknown })),
    };
  }

  /** Every message of the subject's conversations, a turn still waiting too: nothing of what they wrote stays. */
  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return { messages: await this.messages.deleteByIds((await this.theirs(subject)).map((row) => row.id)) };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    const old = await this.messages.handledBefore(cutoffs.inboundMessagesBefore);
    const kept = await links.linked([...new Set(old.map(keyOf))], 'open');
    return { messages: await this.messages.deleteByIds(old.filter((row) => !kept.has(keyOf(row))).map((row) => row.id)) };
  }

  private async theirs(subject: DataSubject): Promise<InboundMessageRecord[]> {
    const keys = new Set(subject.conversations);
    const addresses = subject.conversations.map((key) => key.slice(key.indexOf(':') + 1));
    return (await this.messages.ofConversationKeys(addresses)).filter((row) => keys.has(keyOf(row)));
  }
}
