import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintRepository } from '../complaints/complaint.repository.js';
import { ComplaintsService, type ErasureEventType } from '../complaints/complaints.service.js';
import { OPEN_STATUSES, type Contact } from '../complaints/domain/complaint.js';
import type { Actor } from '../complaints/domain/complaint.commands.js';
import { maskContact } from '../contacts/contact-format.js';
import { DomainError } from '../common/domain-error.js';
import type { StaffActor } from '../staff-keys/staff-caller.js';
import { CaseConversations } from './complaint-links.js';
import { conversationKeyOf } from './conversation-keys.js';
import { CustomerDataRegistry, type DataSubject } from './customer-data.js';
import { CustomerSubjects } from './customer-subjects.js';
import { DatabaseFiles } from '../database/database-files.js';
import { maskedReason } from './masked-reason.js';

export interface ErasureReport {
  erasedAt: string;
  erasedBy: string;
  /** The complaints erased, by reference; each still counts in every report, and its history still verifies. */
  complaints: string[];
  /** How many conversations of theirs were deleted, with everything in them. */
  conversations: number;
  /** Rows deleted, by part of Redress and kind of row: counts only. */
  deleted: Record<string, Record<string, number>>;
}

/**
 * Erasure of a customer (right to erasure, UK GDPR / GDPR article 17) and anonymisation of a closed case (storage
 * limitation): their complaints keep what counts them and lose everything else, their history redacted in place
 * and still verifiable; their conversations, texts, transcripts, dialog state and the messages written to them are
 * deleted; then the database files are made to let go of the bytes.
 */
@Injectable()
export class CustomerErasures {
  private readonly logger = new Logger('CustomerErasures');

  constructor(
    private readonly records: ComplaintRepository,
    private readonly subjects: CustomerSubjects,
    private readonly registry: CustomerDataRegistry,
    private readonly complaints: ComplaintsService,
    private readonly links: CaseConversations,
    private readonly files: DatabaseFiles,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Everything held about the customer reached at `contact`; refused while a complaint of theirs is open. */
  async erase(contact: Contact, actor: StaffActor, reason: string | null): Promise<ErasureReport> {
    const subject = await this.subjects.ofContact(contact);
    const cases = await this.records.statusesOf(subject.references);
    const open = cases.filter((c) => OPEN_STATUSES.includes(c.status)).map((c) => c.reference);
    if (open.length > 0) {
      throw new DomainError(
        'conflict',
        'privacy_erasure_open_complaints',
        `The customer has open complaints (${open.join(', ')}): close or withdraw them first, or they could not be answered.`,
        { references: open },
      );
    }
    const report = await this.eraseSubject(subject, actor, 'customer.erased', reason);
    this.logger.log(
      { staff: actor.id, contact: maskContact(contact), complaints: report.complaints, conversations: report.conversations, reason: maskedReason(reason) },
      'Customer data erased',
    );
    return report;
  }

  /** A closed or withdrawn case past the retention policy's limit: anonymised as an erasure would, by the sweep. */
  async anonymiseCase(reference: string, options = { reclaim: true }): Promise<ErasureReport> {
    const record = await this.records.owner(reference);
    const conversations = [...new Set([record.originKey, record.contactValue === '' ? null : conversationKeyOf({ kind: record.contactKind, value: record.contactValue })])].flatMap((key) => key ?? []);
    const subject = await this.subjects.of({ kind: record.contactKind, value: record.contactValue }, conversations, [reference]);
    return this.eraseSubject(subject, { kind: 'system', id: 'retention' }, 'case.anonymised', null, options);
  }

  private async eraseSubject(subject: DataSubject, actor: Actor, type: ErasureEventType, reason: string | null, options = { reclaim: true }): Promise<ErasureReport> {
    for (const reference of subject.references) await this.complaints.erase(reference, actor, type, reason);
    // Once their complaints are erased, no conversation is tied to them any more: one still tied belongs to another
    // complaint (made from the same number, say) and stays with it.
    const held = await this.links.linked(subject.conversations, 'any');
    const conversations = subject.conversations.filter((key) => !held.has(key));
    const narrowed = held.size === 0 ? subject : await this.subjects.of(subject.contact, conversations, subject.references);
    // Only messages from before: what the erasure itself just queued (the staff card showing the erased case) goes out.
    const before = new Set(subject.outboxMessageIds);
    const forgotten: DataSubject = { ...narrowed, outboxMessageIds: narrowed.outboxMessageIds.filter((id) => before.has(id)) };
    const deleted: Record<string, Record<string, number>> = {};
    for (const source of this.registry.all()) deleted[source.name] = await source.erase(forgotten);
    if (options.reclaim) await this.files.reclaim();
    return {
      erasedAt: this.clock.now().toISOString(),
      erasedBy: 'id' in actor ? actor.id : actor.kind,
      complaints: [...subject.references],
      conversations: conversations.length,
      deleted,
    };
  }
}
