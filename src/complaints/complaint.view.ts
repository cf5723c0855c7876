import type { CaseEventRecord } from '../audit/case-event.entity.js';
import { maskContact } from '../contacts/contact-format.js';
import type { Actor } from './domain/complaint.commands.js';
import { commandsFor } from './domain/complaint.machine.js';
import type { CaseDeadline, Complaint } from './domain/complaint.js';

export type DeadlineState = 'running' | 'paused' | 'overdue' | 'met' | 'missed';

export function deadlineState(deadline: CaseDeadline, complaint: Complaint, now: Date): DeadlineState {
  if (deadline.settledAt !== null) return deadline.settledAt <= deadline.dueAt ? 'met' : 'missed';
  // Overdue from its due instant, as the deadline watch and the workflow count it (it records the miss then).
  if (Date.parse(deadline.dueAt) <= now.getTime()) return 'overdue';
  return complaint.pausedAt && !deadline.runsWhilePaused ? 'paused' : 'running';
}

/** Who is looking, for the steps they may take now (their role, whether they are named as involved). */
export interface Viewer {
  actor: Actor;
  reopenWindowDays: number;
}

/** What staff tools see of a complaint: the contact masked, each promise's state, and what the viewer can do next. */
export function complaintView(complaint: Complaint, now: Date, promiseText: (promiseId: string) => string | undefined, viewer: Viewer) {
  const { contact, deadlines, ...rest } = complaint;
  const views = deadlines.map((d) => ({ ...d, promise: promiseText(d.promiseId) ?? null, state: deadlineState(d, complaint, now) }));
  return {
    ...rest,
    contact: { kind: contact.kind, masked: maskContact(contact) },
    deadlines: views,
    overdue: views.some((d) => d.state === 'overdue'),
    allowedActions: commandsFor(complaint, viewer.actor, { now, reopenWindowDays: viewer.reopenWindowDays }),
  };
}

export function caseEventView(event: CaseEventRecord) {
  const { id: _id, ...rest } = event;
  return rest;
}
