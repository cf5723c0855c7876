import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../complaints/complaint.repository.js';
import type { Contact } from '../complaints/domain/complaint.js';
import { OutboxMessageRepository } from '../notifications/outbox-message.repository.js';
import { conversationKeyOf } from './conversation-keys.js';
import { CustomerDataRegistry, type DataSubject } from './customer-data.js';

/** Finds whose data an export or an erasure covers: the complaints, conversations and messages of one customer. */
@Injectable()
export class CustomerSubjects {
  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly outboxMessages: OutboxMessageRepository,
    private readonly registry: CustomerDataRegistry,
  ) {}

  /** Everything of the customer reached at `contact`: their complaints, and every conversation those came from. */
  async ofContact(contact: Contact): Promise<DataSubject> {
    const own = conversationKeyOf(contact);
    const complaints = await this.complaints.ofContact(contact, own);
    const conversations = [...new Set([own, ...complaints.flatMap((c) => c.originKey ?? [])])];
    // Another complaint made in one of those conversations, under another contact, came from the same person.
    const references = new Set([...complaints.map((c) => c.reference), ...(await this.complaints.referencesMadeIn(conversations))]);
    return this.of(contact, conversations, [...references]);
  }

  /** The subject made of these conversations and complaints, with the messages and dialog state that go with them. */
  async of(contact: Contact, conversations: readonly string[], references: readonly string[]): Promise<DataSubject> {
    const outboxMessageIds = await this.outboxMessages.idsOf(conversations, references);
    const dialogStateKeys = await this.dialogStateKeysOf(conversations);
    return { contact, conversations: [...conversations], references: [...references], outboxMessageIds, dialogStateKeys };
  }

  /** The dialog state keys of these conversations that only the channel they are on can name. */
  async dialogStateKeysOf(conversations: readonly string[]): Promise<string[]> {
    const keys: string[] = [];
    for (const source of this.registry.all()) keys.push(...((await source.dialogStateKeys?.(conversations)) ?? []));
    return keys;
  }
}
