import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import type { Contact } from '../complaints/domain/complaint.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { batches } from './batched-rows.js';
import { conversationKeyOf } from './conversation-keys.js';
import { CustomerDataRegistry, type DataSubject } from './customer-data.js';

/** Finds whose data an export or an erasure covers: the complaints, conversations and messages of one customer. */
@Injectable()
export class CustomerSubjects {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly registry: CustomerDataRegistry,
  ) {}

  /** Everything of the customer reached at `contact`: their complaints, and every conversation those came from. */
  async ofContact(contact: Contact): Promise<DataSubject> {
    const own = conversationKeyOf(contact);
    const { conversations, references } = await this.uow.read(async (manager) => {
      const complaints = await manager.find(ComplaintRecord, {
        select: { reference: true, originKey: true },
        where: [{ contactKind: contact.kind, contactValue: contact.value }, { originKey: own }],
        order: { receivedAt: 'ASC', reference: 'ASC' },
      });
      const found = [...new Set([own, ...complaints.flatMap((c) => c.originKey ?? [])])];
      // Another complaint made in one of those conversations, under another contact, came from the same person.
      const refs = new Set(complaints.map((c) => c.reference));
      for (const batch of batches(found)) {
        for (const c of await manager.find(ComplaintRecord, { select: { reference: true }, where: { originKey: In(batch) } })) refs.add(c.reference);
      }
      return { conversations: found, references: [...refs] };
    });
    return this.of(contact, conversations, references);
  }

  /** The subject made of these conversations and complaints, with the messages and dialog state that go with them. */
  async of(contact: Contact, conversations: readonly string[], references: readonly string[]): Promise<DataSubject> {
    const outboxMessageIds = await this.uow.read(async (manager) => {
      const ids = new Set<string>();
      for (const batch of batches(conversations)) {
        for (const m of await manager.find(OutboxMessageRecord, { select: { id: true }, where: { conversation: In(batch) } })) ids.add(m.id);
      }
      for (const batch of batches(references)) {
        for (const m of await manager.find(OutboxMessageRecord, { select: { id: true }, where: { reference: In(batch) } })) ids.add(m.id);
      }
      return [...ids];
    });
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
