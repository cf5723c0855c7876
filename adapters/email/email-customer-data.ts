import { Injectable } from '@nestjs/common';
import type { CustomerDataSource, DataSubject, RetentionCutoffs } from '../../src/privacy/customer-data.js';
import { EmailIntakeRepository } from './email-intake.repository.js';

const PREFIX = 'email:';

/**
 * Complaints begun by email and never given a category: what the customer wrote is kept for the retention policy's
 * time for inbound messages, then let go. The emails themselves are the inbound pipeline's, exported and erased there.
 */
@Injectable()
export class EmailCustomerData implements CustomerDataSource {
  readonly name = 'email';

  constructor(private readonly intakes: EmailIntakeRepository) {}

  async export(subject: DataSubject): Promise<Record<string, unknown>> {
    return { waitingComplaints: await this.intakes.ofAddresses(addressesOf(subject)) };
  }

  async erase(subject: DataSubject): Promise<Record<string, number>> {
    return { waitingComplaints: await this.intakes.deleteOfAddresses(addressesOf(subject)) };
  }

  async sweep(cutoffs: RetentionCutoffs): Promise<Record<string, number>> {
    return { waitingComplaints: await this.intakes.deleteOfAddresses(await this.intakes.askedBefore(cutoffs.inboundMessagesBefore)) };
  }
}

/** The subject's email conversations (`email:<address>`, the contact's own among them), as stored: lower case. */
function addressesOf(subject: DataSubject): string[] {
  return subject.conversations.filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length).toLowerCase());
}
