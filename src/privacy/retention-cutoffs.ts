import type { RetentionPolicy } from '../conduct/code-of-conduct.schema.js';
import type { RetentionCutoffs } from './customer-data.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days are whole days of elapsed time, not calendar days: a limit means the same at any hour and across DST. */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  return {
    abandonedConversationsBefore: before(policy.abandonedConversationsDays),
    inboundMessagesBefore: before(policy.inboundMessagesDays),
    // A dialog's state holds what the customer was writing: it goes no later than the chat or the texts it came from.
    dialogStateBefore: before(Math.min(policy.dialogStateDays, policy.abandonedConversationsDays, policy.inboundMessagesDays)),
    ...(policy.closedCasesAnonymisedMonths === undefined ? {} : { closedCasesBefore: monthsBefore(now, policy.closedCasesAnonymisedMonths) }),
  };
}


/** Calendar months in UTC; from the 31st into a shorter month it stops at that month's last day. */
function monthsBefore(now: Date, months: number): string {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  target.setUTCHours(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
  return target.toISOString();
}
