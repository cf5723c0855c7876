import type { CaseEventRecord } from '../audit/case-event.entity.js';
import { maskContact } from '../contacts/contact-format.js';
import { allowedCommands } from './domain/complaint.machine.js';
import type { CaseDeadline, Complaint } from './domain/complaint.js';

export type DeadlineState = 'running' | 'paused' | 'overdue' | 'met' | 'missed';

export function deadlineState(deadline: CaseDeadline, complaint: Complaint, now: Date): DeadlineState {
  if (deadline.settledAt !== null) return deadline.settledAt <= deadline.dueAt ? 'met' : 'missed';
  // Overdue from its due instant, as the deadline watch and the workflow count it (it records the miss then).
  if (Date.parse(deadline.dueAt) <= now.getTime()) return 'overdue';
  return complaint.pausedAt && !deadline.runsWhilePaused ? 'paused' : 'running';
}

/** What staff tools see of a complaint: the contact masked, each promise's state, and what can be done next. */
export function complaintView(complaint: Complaint, now: Date, promiseText: (promiseId: string) => string | undefined) {
  const { contact, deadlines, ...rest } = complaint;
  const views = deadlines.map((d) => ({ ...d, promise: promiseText(d.promiseId) ?? null, state: deadlineState(d, complaint, now) }));
  return {
    ...rest,
    contact: { kind: contact.kind, masked: maskContact(contact) },
    deadlines: views,
    overdue: views.some((d) => d.state === 'overdue'),
    allowedActions: allowedCommands(complaint.status),
  };
}

export function caseEventView(event: CaseEventRecord) {
  const { id: _id, ...rest } = event;
  return rest;
}
