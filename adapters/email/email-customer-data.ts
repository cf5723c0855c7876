import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, Not } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { deleteIn, findIn } from '../../src/privacy/batched-rows.js';
import type { ComplaintLinks, CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { EmailInboundMessageRecord } from './email.entities.js';

const PREFIX = 'email:';

/**
 * The emails a customer sent (their words only; the raw message and its attachments are never kept). Old ones go
 * after the retention policy's limit for inbound messages, unless an open complaint of theirs still needs them.
 */
@Injectable()
export class EmailCustomerData implements CustomerDataSource {
  readonly name = 'email';

  constructor(private readonly uow: UnitOfWork) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    return this.uow.read(async (manager) => ({
      inboundEmails: (await findIn(manager, EmailInboundMessageRecord, 'fromAddress', addressesOf(subject))).sort((a, b) => a.id - b.id),
    }));
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return { inboundEmails: await deleteIn(this.uow, EmailInboundMessageRecord, 'fromAddress', addressesOf(subject)) };
  }

  async sweep(cutoffs: RetentionCutoffs, links: ComplaintLinks): Promise<Record<string, number>> {
    // Unhandled emails are still owed an answer, whatever their age.
    const old = await this.uow.read((manager) =>
      manager.find(EmailInboundMessageRecord, {
        select: { id: true, fromAddress: true },
        where: { handledAt: Not(IsNull()), receivedAt: LessThan(cutoffs.inboundMessagesBefore) },
      }),
    );
    const kept = await links.linked(old.map((email) => PREFIX + email.fromAddress), 'open');
    const gone = old.filter((email) => !kept.has(PREFIX + email.fromAddress)).map((email) => email.id);
    return { inboundEmails: await deleteIn(this.uow, EmailInboundMessageRecord, 'id', gone) };
  }
}

/** The subject's email conversations (`email:<address>`, the contact's own among them), as stored: lower case. */
function addressesOf(subject: DataSubject): string[] {
  return subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length).toLowerCase());
}
