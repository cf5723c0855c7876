import { CaseEventRecord } from '../audit/case-event.entity.js';
import { CaseSealRecord } from '../audit/case-seal.entity.js';
import { ComplaintRecord } from '../complaints/complaint.entity.js';
import { ComplaintSecretRecord } from '../complaints/customer-desk/complaint-secret.entity.js';
import { ProofAttemptRecord } from '../complaints/customer-desk/proof-attempt.entity.js';
import { HandOffRecord } from '../complaints/hand-offs/hand-off.entity.js';
import { OutboxMessageRecord } from '../notifications/outbox-message.entity.js';
import { StaffApiKeyRecord } from '../staff-keys/staff-api-key.entity.js';
import { DialogStateRecord } from './dialog-state/dialog-state.entity.js';
import { SMS_ENTITIES } from '../../adapters/sms/sms.entities.js';
import { SLACK_ENTITIES } from '../../adapters/slack/slack.entities.js';

export const ENTITIES = [ComplaintRecord, CaseEventRecord, CaseSealRecord, ProofAttemptRecord, ComplaintSecretRecord, HandOffRecord, OutboxMessageRecord, DialogStateRecord, StaffApiKeyRecord, ...SMS_ENTITIES, ...SLACK_ENTITIES];
