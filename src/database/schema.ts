import type { MigrationInterface } from 'typeorm';
import { CaseEventRecord } from '../audit/case-event.entity.js';
import { CaseSealRecord } from '../audit/case-seal.entity.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { ComplaintSecretRecord } from '../complaints/customer-desk/complaint-secret.entity.js';
import { ProofAttemptRecord } from '../complaints/customer-desk/proof-attempt.entity.js';
import { HandOffRecord } from '../complaints/hand-offs/hand-off.entity.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { StaffApiKeyRecord } from '../staff-keys/staff-api-key.entity.js';
import { InboundMessageRecord } from '../inbound/inbound-message.entity.js';
import { DialogStateRecord } from './dialog-state/dialog-state.entity.js';
import { InitialSchema1764144000000 } from './migrations/1764144000000-initial-schema.js';
import { Conversations1764150000000 } from './migrations/1764150000000-conversations.js';
import { Outbox1764170000000 } from './migrations/1764170000000-outbox.js';
import { ComplaintSecrets1764226000000 } from './migrations/1764226000000-complaint-secrets.js';
import { HandOffs1764230000000 } from './migrations/1764230000000-hand-offs.js';
import { OutboxConversations1764232000000 } from './migrations/1764232000000-outbox-conversations.js';
import { StaffApiKeys1764241700000 } from './migrations/1764241700000-staff-api-keys.js';
import { CaseSeals1764241800000 } from './migrations/1764241800000-case-seals.js';
import { InboundMessages1764310000001 } from './migrations/1764310000001-inbound-messages.js';
import { CaseEventErasure1764340000001 } from './migrations/1764340000001-case-event-erasure.js';
import { ComplaintListIndexes1765500000001 } from './migrations/1765500000001-complaint-list-indexes.js';
import { RateLimits1766400000001 } from './migrations/1766400000001-rate-limits.js';
import { ScheduledRuns1766400000002 } from './migrations/1766400000002-scheduled-runs.js';
import { ScheduledRunRecord } from './scheduled-runs/scheduled-run.entity.js';

/**
 * The tables one part of Redress owns (the core, or a channel adapter): the entities that map them and the migrations
 * that make them. The composition root hands every part to the data source; TypeORM runs the migrations of all parts
 * together in the order of the timestamps in their names, and knows a migration already run by its class name.
 */
export interface SchemaPart {
  entities: (new () => object)[];
  migrations: (new () => MigrationInterface)[];
}

/** The core's tables. `synchronize` stays off: schema changes only through migrations. */
export const CORE_SCHEMA: SchemaPart = {
  entities: [ComplaintRecord, CaseEventRecord, CaseSealRecord, ProofAttemptRecord, ComplaintSecretRecord, HandOffRecord, OutboxMessageRecord, DialogStateRecord, StaffApiKeyRecord, InboundMessageRecord, ScheduledRunRecord],
  migrations: [
    InitialSchema1764144000000,
    Conversations1764150000000,
    Outbox1764170000000,
    ComplaintSecrets1764226000000,
    HandOffs1764230000000,
    OutboxConversations1764232000000,
    StaffApiKeys1764241700000,
    CaseSeals1764241800000,
    InboundMessages1764310000001,
    CaseEventErasure1764340000001,
    ComplaintListIndexes1765500000001,
    RateLimits1766400000001,
    ScheduledRuns1766400000002,
  ],
};

export function combineSchemas(...parts: SchemaPart[]): SchemaPart {
  return { entities: parts.flatMap((part) => part.entities), migrations: parts.flatMap((part) => part.migrations) };
}
