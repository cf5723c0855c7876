import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { deleteIn, findIn } from '../../src/privacy/batched-rows.js';
import type { CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { EmailIntakeRecord } from './email.entities.js';

const PREFIX = 'email:';

/**
 * Complaints begun by email and never given a category: what the customer wrote is kept for the retention policy's
 * time for inbound messages, then let go. The emails themselves are the inbound pipeline's, exported and erased there.
 */
@Injectable()
export class EmailCustomerData implements CustomerDataSource {
  readonly name = 'email';

  constructor(private readonly uow: UnitOfWork) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    return this.uow.read(async (manager) => ({ waitingComplaints: await findIn(manager, EmailIntakeRecord, 'address', addressesOf(subject)) }));
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return { waitingComplaints: await deleteIn(this.uow, EmailIntakeRecord, 'address', addressesOf(subject)) };
  }

  async sweep(cutoffs: RetentionCutoffs): Promise<Record<string, number>> {
    const old = await this.uow.read((manager) =>
      manager.find(EmailIntakeRecord, { select: { address: true }, where: { askedAt: LessThan(cutoffs.inboundMessagesBefore) } }),
    );
    return { waitingComplaints: await deleteIn(this.uow, EmailIntakeRecord, 'address', old.map((row) => row.address)) };
  }
}

/** The subject's email conversations (`email:<address>`, the contact's own among them), as stored: lower case. */
function addressesOf(subject: DataSubject): string[] {
  return subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length).toLowerCase());
}
