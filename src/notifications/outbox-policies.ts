import { Injectable } from '@nestjs/common';
import type { NewCaseEvent } from '../audit/case-history.js';
import type { Complaint } from '../complaints/domain/complaint.js';
import type { NewOutboxMessage } from './outbox.js';

/** One change to a case, as the outbox policies see it, inside the transaction that makes it. */
export interface CaseChange {
  /** Null when the case is new. */
  before: Complaint | null;
  after: Complaint;
  events: NewCaseEvent[];
  /** The ids the events got in the case's history, in the same order, when they were appended before the policies ran. */
  eventIds?: readonly number[];
}

/** Decides which messages a change owes (a status update to the customer, a card update to staff). Pure. */
export type OutboxPolicy = (change: CaseChange) => NewOutboxMessage[];

/** Capabilities register what they owe on a change; the complaints service writes it with the change. */
@Injectable()
export class OutboxPolicies {
  private readonly policies: OutboxPolicy[] = [];

  register(policy: OutboxPolicy): void {
    this.policies.push(policy);
  }

  messagesFor(change: CaseChange): NewOutboxMessage[] {
    return this.policies.flatMap((policy) => policy(change));
  }
}
