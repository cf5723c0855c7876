import { isCaseEvent } from '../complaints/domain/case-events.js';
import type { NewOutboxMessage } from '../notifications/outbox.js';
import type { OutboxPolicy } from '../notifications/outbox-policies.js';
import { firstDueAt, type SurveyTiming } from './survey-schedule.policy.js';

/** The relay "delivers" these to the survey watch at their time: the outbox is the durable schedule. */
export const SURVEY_SCHEDULER_CHANNEL = 'survey-scheduler';
export const SURVEY_CHECK = 'survey_check';

export type SurveyPhase = 'send' | 'remind' | 'expire';

export interface SurveyCheckPayload {
  [key: string]: string;
  phase: SurveyPhase;
  /** The closure the survey follows: a case reopened and closed again has a survey of its own. */
  closedAt: string;
}

/** A check of the survey after one closure, at `at`; its dedupe key names the instant, so it is scheduled once. */
export function surveyCheck(reference: string, phase: SurveyPhase, closedAt: string, at: Date): NewOutboxMessage {
  const payload: SurveyCheckPayload = { phase, closedAt };
  return {
    reference,
    channel: SURVEY_SCHEDULER_CHANNEL,
    kind: SURVEY_CHECK,
    recipient: {},
    payload,
    dedupeKey: `survey_check:${reference}:${closedAt}:${phase}:${at.toISOString()}`,
    notBefore: at,
  };
}

/** Every closure owes a check when its survey is due; the check decides then whether anything is sent. */
export function surveyChecksPolicy(timing: () => SurveyTiming): OutboxPolicy {
  return ({ after, events }) =>
    events.filter(isCaseEvent('complaint.closed')).map((event) => {
      const closedAt = after.closedAt ?? event.at;
      return surveyCheck(after.reference, 'send', closedAt, firstDueAt(new Date(closedAt), timing()));
    });
}
