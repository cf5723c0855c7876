import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { Contact } from '../complaints/domain/complaint.js';
import { maskContact } from '../contacts/contact-format.js';
import type { StaffActor } from '../staff-keys/staff-caller.js';
import { CustomerDataRegistry } from './customer-data.js';
import { CustomerSubjects } from './customer-subjects.js';
import { maskedReason } from './masked-reason.js';

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
    private readonly subjects: CustomerSubjects,
    private readonly registry: CustomerDataRegistry,
    private readonly complaints: ComplaintsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(contact: Contact, actor: StaffActor, reason: string | null): Promise<CustomerExport> {
    const subject = await this.subjects.ofContact(contact);
    const sections: Record<string, Record<string, unknown>> = {};
    for (const source of this.registry.all()) sections[source.name] = await source.export(subject);
    const names = Object.keys(sections);
    for (const reference of subject.references) await this.complaints.recordExport(reference, actor, { sections: names, reason });
    // Who, why and how much; whom only masked: the log outlives the data.
    this.logger.log(
      { staff: actor.id, contact: maskContact(contact), complaints: subject.references, conversations: subject.conversations.length, reason: maskedReason(reason) },
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
}
