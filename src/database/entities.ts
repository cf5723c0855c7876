import { CaseEventRecord } from '../audit/case-event.entity.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { ProofAttemptRecord } from '../complaints/customer-desk/proof-attempt.entity.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';

export const ENTITIES = [ComplaintRecord, CaseEventRecord, ProofAttemptRecord, OutboxMessageRecord];
