import type { NewOutboxMessage } from '../notifications/outbox.js';
import type { OutboxPolicy } from '../notifications/outbox-policies.js';
import { SCHEDULER_CHANNEL } from './deadline-checks.policy.js';

export const PROGRESS_CHECK = 'progress_check';

/**
 * ISO 10002 asks that complainants hear how their complaint is going at regular intervals, even when nothing has
 * changed. A new case owes a first progress check; each check schedules the next, so the chain runs until the case
 * ends. `nextUpdateDue` applies the code of conduct's status-update promise; null when it makes none.
 */
export function progressChecksPolicy(nextUpdateDue: (from: Date) => Date | null): OutboxPolicy {
  return ({ before, after }) => {
    if (before !== null) return [];
    const at = nextUpdateDue(new Date(after.receivedAt));
    return at ? [progressCheck(after.reference, at)] : [];
  };
}

export function progressCheck(reference: string, at: Date): NewOutboxMessage {
  return {
    reference,
    channel: SCHEDULER_CHANNEL,
    kind: PROGRESS_CHECK,
    recipient: {},
    payload: {},
    dedupeKey: `progress:${reference}:${at.toISOString()}`,
    notBefore: at,
  };
}
