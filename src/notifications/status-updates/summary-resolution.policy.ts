import type { CodeOfConduct } from '../../conduct/code-of-conduct.schema.js';
import { customerAddress, type ContactRouting } from '../../complaints/customer-address.js';
import type { CaseChange, OutboxPolicy } from '../outbox-policies.js';
import { messagePayload } from '../rendering/message-payload.js';
import { referralVariables } from './referral-rights.js';
import { STATUS_KEY_PREFIX } from './status-update-texts.js';

const SUMMARY_INDICATOR = 'time_to_summary_resolution';

/**
 * Whether this change resolved the complaint within the summary-resolution promise: the customer's acceptance (not
 * the proposal) kept it, in time. FCA DISP 1.5.2AR: a complaint is resolved when the complainant has indicated
 * acceptance of a response.
 */
export function resolvedInSummary({ before, after, events }: CaseChange): boolean {
  const accepted = events.find((event) => event.type === 'complaint.response_accepted');
  if (!accepted) return false;
  const summary = after.deadlines.find((d) => d.indicator === SUMMARY_INDICATOR);
  const wasRunning = before?.deadlines.find((d) => d.promiseId === summary?.promiseId)?.settledAt === null;
  return !!summary && wasRunning && summary.settledAt === accepted.at && Date.parse(accepted.at) <= Date.parse(summary.dueAt);
}

/**
 * FCA DISP 1.5.4R: a complaint resolved by the close of the third business day is confirmed in writing, in a
 * 'summary resolution communication' that says it is resolved, that the customer may be able to refer it to the
 * Financial Ombudsman Service if they later become dissatisfied, whether we consent to waive its time limits (DISP 1
 * Annex 3R), and the ombudsman's website. Owed only where the code of conduct words one (`responses.summaryResolution`).
 */
export function summaryResolutionPolicy(
  code: Pick<CodeOfConduct, 'responses' | 'externalDisputeResolution'>,
  channels: ContactRouting,
): OutboxPolicy {
  return (change) => {
    if (!code.responses.summaryResolution || !resolvedInSummary(change)) return [];
    const { after } = change;
    const { channel, address } = customerAddress(after, channels);
    const waived = after.proposedResponse?.waiveTimeLimits;
    return [{
      reference: after.reference,
      channel,
      kind: 'summary_resolution',
      recipient: { address },
      payload: messagePayload(
        `${STATUS_KEY_PREFIX}summary_resolution`,
        {
          reference: after.reference,
          ...referralVariables(code, 'summaryResolution'),
          waiveTimeLimits: waived === undefined ? null : waived ? 'yes' : 'no',
        },
        after.language,
        { status: after.status },
      ),
    }];
  };
}
