import { Inject, Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { Contact } from '../complaints/domain/complaint.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import type { StaffActor } from '../staff-keys/staff-caller.js';
import { batches } from './batched-rows.js';
import { conversationKeyOf } from './conversation-keys.js';
import { CustomerDataRegistry, type DataSubject } from './customer-data.js';

export interface CustomerExport {
  exportedAt: string;
  exportedBy: string;
  contact: Contact;
  /** The conversations the export covers, as `<channel>:<address>`. */
  conversations: string[];
  /** One section for each part of Redress that holds customer data, by its name. */
  sections: Record<string, Record<string, unknown>>;
}

/**
 * Everything Redress holds about one customer, for a subject access request: found by their contact, and by every
 * conversation their complaints came from. Each complaint it covers records the export in its history.
 */
@Injectable()
export class CustomerExports {
  private readonly logger = new Logger('CustomerExports');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly registry: CustomerDataRegistry,
    private readonly complaints: ComplaintsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(contact: Contact, actor: StaffActor, reason: string | null): Promise<CustomerExport> {
    const found = await this.subjectOf(contact);
    const dialogStateKeys: string[] = [];
    for (const source of this.registry.all()) dialogStateKeys.push(...((await source.dialogStateKeys?.(found.conversations)) ?? []));
    const subject: DataSubject = { ...found, dialogStateKeys };
    const sections: Record<string, Record<string, unknown>> = {};
    for (const source of this.registry.all()) sections[source.name] = await source.export(subject);
    const names = Object.keys(sections);
    for (const reference of subject.references) await this.complaints.recordExport(reference, actor, { sections: names, reason });
    // Who and how much, never whom: the log outlives the data.
    this.logger.log(
      { staff: actor.id, contactKind: contact.kind, complaints: subject.references.length, conversations: subject.conversations.length },
      'Customer data exported',
    );
    return {
      exportedAt: this.clock.now().toISOString(),
      exportedBy: actor.id,
      contact,
      conversations: [...subject.conversations],
      sections,
    };
  }

  private async subjectOf(contact: Contact): Promise<Omit<DataSubject, 'dialogStateKeys'>> {
    const own = conversationKeyOf(contact);
    return this.uow.read(async (manager) => {
      const complaints = await manager.find(ComplaintRecord, {
        select: { reference: true, originKey: true },
        where: [{ contactKind: contact.kind, contactValue: contact.value }, { originKey: own }],
        order: { receivedAt: 'ASC', reference: 'ASC' },
      });
      const conversations = [...new Set([own, ...complaints.flatMap((c) => c.originKey ?? [])])];
      // Another complaint made in one of those conversations, under another contact, came from the same person.
      const references = new Set(complaints.map((c) => c.reference));
      for (const batch of batches(conversations)) {
        for (const c of await manager.find(ComplaintRecord, { select: { reference: true }, where: { originKey: In(batch) } })) references.add(c.reference);
      }
      const outboxMessageIds = new Set<string>();
      for (const batch of batches(conversations)) {
        for (const m of await manager.find(OutboxMessageRecord, { select: { id: true }, where: { conversation: In(batch) } })) outboxMessageIds.add(m.id);
      }
      for (const batch of batches([...references])) {
        for (const m of await manager.find(OutboxMessageRecord, { select: { id: true }, where: { reference: In(batch) } })) outboxMessageIds.add(m.id);
      }
      return { contact, conversations, references: [...references], outboxMessageIds: [...outboxMessageIds] };
    });
  }
}
