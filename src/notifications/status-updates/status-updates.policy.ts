import { customerAddress, type ContactRouting } from '../../complaints/customer-address.js';
import type { CaseEventType } from '../../complaints/domain/case-events.js';
import { FINAL_RESPONSE_INDICATOR, type Complaint } from '../../complaints/domain/complaint.js';
import type { CaseChange, OutboxPolicy } from '../outbox-policies.js';
import { messagePayload } from '../rendering/message-payload.js';
import type { CodeOfConduct } from '../../conduct/code-of-conduct.schema.js';
import { referralVariables } from './referral-rights.js';
import { resolvedInSummary } from './summary-resolution.policy.js';
import { STATUS_KEY_PREFIX } from './status-update-texts.js';

/** The stages a customer is told about when staff (or the scheduler) move the case. */
const TOLD: Partial<Record<CaseEventType, string>> = {
  'complaint.acknowledged': 'acknowledged',
  'complaint.assessed': 'assessed',
  'complaint.information_requested': 'awaiting_customer',
  'complaint.response_proposed': 'response_proposed',
  'complaint.response_accepted': 'resolved',
  'complaint.marked_unresolved': 'unresolved',
  'complaint.closed': 'closed',
  'complaint.reopened': 'reopened',
  'complaint.withdrawn': 'withdrawn',
};

export interface StatusUpdateSettings {
  reopenWindowDays: number;
  /** What the final response must tell of where to go next, and who: the code of conduct's `responses` and provider. */
  code?: Pick<CodeOfConduct, 'responses' | 'externalDisputeResolution'>;
  /** First names customers are told, by staff id; someone without one is spoken of as the team. */
  firstNames?: Readonly<Record<string, string>>;
}

/**
 * ISO 10002 asks that the complainant be told where the complaint stands: each stage change made by staff or the
 * scheduler owes the customer one short message on their own channel, in their language. Changes the customer made
 * in a conversation are answered there by the dialog. The acknowledgement (also of a complaint keyed in and
 * acknowledged at once) says who is dealing with it, as the code of conduct promises; a later change of who, when
 * that person has a first name to give, is news too. What is owed is written as a key and what fills it in; the
 * words are chosen when it is sent (see status-update-texts.ts).
 */
export function statusUpdatesPolicy(settings: StatusUpdateSettings, channels: ContactRouting): OutboxPolicy {
  return (change: CaseChange) => {
    const { after, events } = change;
    const acknowledgedNow = events.some((event) => event.type === 'complaint.acknowledged');
    // the summary resolution communication says it is resolved, and more (summary-resolution.policy.ts)
    const summary = settings.code?.responses.summaryResolution !== undefined && resolvedInSummary(change);
    return events
      .filter((event) => event.actor.kind !== 'customer')
      .filter((event) => !(summary && event.type === 'complaint.response_accepted'))
      .flatMap((event) => {
        const stage = event.type === 'complaint.assigned' ? assignmentNews(after, acknowledgedNow, settings) : TOLD[event.type];
        if (!stage) return [];
        const { channel, address } = customerAddress(after, channels);
        return {
          reference: after.reference,
          channel,
          kind: 'status_update',
          recipient: { address },
          payload: messagePayload(`${STATUS_KEY_PREFIX}${messageKey(stage, settings)}`, details(stage, after, event.at, settings), after.language),
        };
      });
  };
}

function messageKey(stage: string, settings: StatusUpdateSettings): string {
  return stage === 'closed' && settings.reopenWindowDays === 0 ? 'closed_no_reopen' : stage;
}

/** A new person has the case: worth a message only when it is not the acknowledgement, and we can name them. */
function assignmentNews(complaint: Complaint, acknowledgedNow: boolean, settings: StatusUpdateSettings): string | undefined {
  if (acknowledgedNow || complaint.status === 'received' || !complaint.assigneeId) return undefined;
  return settings.firstNames?.[complaint.assigneeId] ? 'assigned' : undefined;
}

/**
 * What a stage's words are made of, beyond the reference and the first name of who has the case (every status update
 * keeps those, for WhatsApp templates of the whole family). Only these are kept: a variable no stage's words use, or
 * one that is null, would only be stored in every row (the proposal's explanation, for one, is the case's and the
 * history's already, and a resolved or closed case's message does not say it).
 */
const STAGE_VARIABLES: Partial<Record<string, readonly string[]>> = {
  acknowledged: ['dueAt'],
  assessed: ['dueAt'],
  reopened: ['dueAt'],
  awaiting_customer: ['question'],
  response_proposed: ['outcome', 'explanation', 'waiveTimeLimits', 'template', 'provider', 'website', 'contact'],
  closed: ['reopenUntil'],
};

function details(stage: string, complaint: Complaint, at: string, settings: StatusUpdateSettings): Record<string, string | null> {
  const name = complaint.assigneeId ? settings.firstNames?.[complaint.assigneeId] : undefined;
  const kept: Record<string, string | null> = { reference: complaint.reference, ...(name ? { name } : {}) };
  const all = { ...settings, complaint, at };
  for (const variable of STAGE_VARIABLES[stage] ?? []) {
    const value = stageVariable(variable, all);
    if (value !== null) kept[variable] = value;
  }
  return kept;
}

function stageVariable(variable: string, { complaint, at, reopenWindowDays, code }: StatusUpdateSettings & { complaint: Complaint; at: string }): string | null {
  switch (variable) {
    case 'dueAt':
      return complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR && d.settledAt === null)?.dueAt ?? null;
    case 'question':
      return complaint.openQuestion ?? null;
    case 'outcome':
      return complaint.proposedResponse?.outcome ?? null;
    case 'explanation':
      return complaint.proposedResponse?.explanation ?? null;
    case 'waiveTimeLimits': {
      const waived = complaint.proposedResponse?.waiveTimeLimits;
      return waived === undefined ? null : waived ? 'yes' : 'no';
    }
    case 'reopenUntil':
      return new Date(Date.parse(at) + reopenWindowDays * 86_400_000).toISOString();
    default:
      // the referral's: what the code of conduct says a final response must tell, when it is written
      return code && complaint.status === 'response_proposed' ? (referralVariables(code, 'finalResponse')[variable] ?? null) : null;
  }
}
