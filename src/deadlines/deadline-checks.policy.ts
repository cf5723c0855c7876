import type { CaseDeadline } from '../complaints/domain/complaint.js';
import type { NewOutboxMessage } from '../notifications/outbox.js';
import type { OutboxPolicy } from '../notifications/outbox-policies.js';

/** The relay "delivers" these to the deadline watch at their time: the outbox is our durable scheduler. */
export const SCHEDULER_CHANNEL = 'scheduler';
export const DEADLINE_CHECK = 'deadline_check';

export type DeadlinePhase = 'warn' | 'due';

export interface DeadlineCheckPayload {
  [key: string]: string;
  promiseId: string;
  phase: DeadlinePhase;
  /** The deadline as it stood when the check was scheduled; a check for a deadline that has moved since does nothing. */
  dueAt: string;
}

/**
 * Every running deadline that is new or has moved owes two checks: one when it is near (its warn time) and one when
 * it falls due. The dedupe key includes the instant, so a check is scheduled once however often the case changes,
 * and a moved deadline gets checks of its own.
 */
export const deadlineChecksPolicy: OutboxPolicy = ({ before, after }) => {
  const known = new Set((before?.deadlines ?? []).filter((d) => d.settledAt === null).map(key));
  return after.deadlines
    .filter((d) => d.settledAt === null && !known.has(key(d)))
    .flatMap((d) => [check(after.reference, d, 'warn', d.warnAt), check(after.reference, d, 'due', d.dueAt)]);
};

function key(d: CaseDeadline): string {
  return `${d.promiseId}@${d.dueAt}`;
}

function check(reference: string, d: CaseDeadline, phase: DeadlinePhase, at: string): NewOutboxMessage {
  const payload: DeadlineCheckPayload = { promiseId: d.promiseId, phase, dueAt: d.dueAt };
  return {
    reference,
    channel: SCHEDULER_CHANNEL,
    kind: DEADLINE_CHECK,
    recipient: {},
    payload,
    dedupeKey: `check:${reference}:${d.promiseId}:${phase}:${d.dueAt}`,
    notBefore: new Date(at),
  };
}
