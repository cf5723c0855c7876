import { after, outsideQuietHours, type QuietHours } from './quiet-hours.js';

export interface SurveyTiming {
  delay: string;
  quietHours: QuietHours;
  timeZone: string;
  reminderAfter?: string;
  expiresAfter: string;
}

/** What the schedule holds about one survey: the closure it follows, and how far it has gone. */
/** `asking`: the customer was never asked for consent, and is asked at closure first. */
export type SurveyStatus = 'asking' | 'sent' | 'reminded' | 'answered' | 'expired' | 'cancelled' | 'not_sent';

export interface SurveyFacts {
  /** The case now: its status, and when it was last closed. */
  complaintStatus: string;
  closedAt: string | null;
  /** The closure the survey follows. */
  surveyClosedAt: string;
  /** Last recorded answer to "may we ask how we did?": undefined when never asked. */
  consent: boolean | undefined;
  /** The customer stopped messages on the channel (SMS STOP, an opt-out). */
  optedOut: boolean;
  /** Why the customer cannot be reached on their channel; undefined when they can. */
  unreachable?: string;
  /** A dispute referral is open: the survey waits until it is settled. */
  disputeOpen: boolean;
}

export type SendDecision =
  | { action: 'send' }
  /** Nobody asked the customer yet: the survey starts by asking whether it may. */
  | { action: 'ask_consent' }
  | { action: 'wait'; until: Date }
  | { action: 'cancel'; reason: 'reopened' | 'consent_withdrawn' }
  | { action: 'not_sent'; reason: string };

/** When the survey after a closure is first due: after the delay, then past any quiet hours. */
export function firstDueAt(closedAt: Date, timing: SurveyTiming): Date {
  return outsideQuietHours(after(closedAt, timing.delay, timing.timeZone), timing.quietHours, timing.timeZone);
}

/** How long a dispute referral holds the survey back before it is looked at again. */
const DISPUTE_RECHECK = 'P1D';

/**
 * Whether the survey due now goes out. Opt-outs and a "no" always win; a reopened case ends it; an open dispute and the
 * quiet hours hold it back. Pure: the same facts at the same instant always give the same answer.
 */
export function decideSend(facts: SurveyFacts, now: Date, timing: SurveyTiming): SendDecision {
  if (facts.complaintStatus !== 'closed' || facts.closedAt !== facts.surveyClosedAt) return { action: 'cancel', reason: 'reopened' };
  if (facts.consent === false) return { action: 'cancel', reason: 'consent_withdrawn' };
  if (facts.optedOut) return { action: 'not_sent', reason: 'opted_out' };
  if (facts.unreachable) return { action: 'not_sent', reason: facts.unreachable };
  if (facts.disputeOpen) return { action: 'wait', until: firstAllowed(after(now, DISPUTE_RECHECK, timing.timeZone), timing) };
  const allowed = firstAllowed(now, timing);
  if (allowed.getTime() > now.getTime()) return { action: 'wait', until: allowed };
  return facts.consent === undefined ? { action: 'ask_consent' } : { action: 'send' };
}

export type ReminderDecision = SendDecision | { action: 'skip'; reason: 'not_waiting' | 'expired' };

/**
 * A reminder goes only to a survey that was sent and not answered at all, before it expires, outside quiet hours:
 * at most one, as the schedule holds one reminder per survey.
 */
export function decideReminder(status: SurveyStatus, answered: number, facts: SurveyFacts, now: Date, expiry: Date, timing: SurveyTiming): ReminderDecision {
  if (status !== 'sent' || answered > 0) return { action: 'skip', reason: 'not_waiting' };
  if (now.getTime() >= expiry.getTime()) return { action: 'skip', reason: 'expired' };
  const decision = decideSend(facts, now, timing);
  if (decision.action === 'ask_consent') return { action: 'skip', reason: 'not_waiting' };
  if (decision.action !== 'wait') return decision;
  // held past its expiry, a reminder would ask for answers nobody takes any more
  return decision.until.getTime() >= expiry.getTime() ? { action: 'skip', reason: 'expired' } : decision;
}

export function reminderDueAt(sentAt: Date, timing: SurveyTiming): Date | null {
  return timing.reminderAfter ? firstAllowed(after(sentAt, timing.reminderAfter, timing.timeZone), timing) : null;
}

export function expiresAt(sentAt: Date, timing: SurveyTiming): Date {
  return after(sentAt, timing.expiresAfter, timing.timeZone);
}

function firstAllowed(at: Date, timing: SurveyTiming): Date {
  return outsideQuietHours(at, timing.quietHours, timing.timeZone);
}
