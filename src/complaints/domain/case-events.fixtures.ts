import type { CaseEvent, CaseEventMap, CaseEventType } from './case-events.js';

const assessment = { severity: 'medium', impact: 'low', complexity: 'low', urgency: 'medium', healthOrSafety: false } as const;

/** A payload of every type, as Redress writes it, for specs of what reads events and cares only about some fields. */
const PAYLOADS: CaseEventMap = {
  'complaint.received': {
    channel: 'webchat',
    contact: '+44 ••• ••• 3456',
    category: 'billing',
    description: 'Charged twice for one order.',
    remedySought: null,
    occurredOn: null,
    involvedStaffIds: [],
    deadlines: [],
  },
  'complaint.acknowledged': { from: 'received', to: 'acknowledged' },
  'complaint.assessed': { assessment, priority: 'medium', from: 'acknowledged', to: 'assessed' },
  'complaint.reassessed': { assessment, priority: 'medium' },
  'complaint.investigation_started': { from: 'assessed', to: 'investigating' },
  'complaint.information_requested': { question: 'What is your order number?', from: 'investigating', to: 'awaiting_customer' },
  'complaint.information_received': { message: 'It is 1234.', from: 'awaiting_customer', to: 'investigating' },
  'complaint.response_proposed': { outcome: 'refund', explanation: 'We refund the second charge.', from: 'investigating', to: 'response_proposed' },
  'complaint.response_accepted': { from: 'response_proposed', to: 'resolved' },
  'complaint.response_rejected': { from: 'response_proposed', to: 'unresolved' },
  'complaint.holding_response_sent': { reason: 'We are waiting for the courier’s report.', expectedBy: '2026-04-20T16:00:00.000Z', promiseId: 'holding-response', dueAt: '2026-04-06T09:00:00.000Z', onTime: true },
  'complaint.marked_unresolved': { reason: 'Final response deadline passed.', from: 'investigating', to: 'unresolved' },
  'complaint.closed': { outcome: 'refund', rootCause: null, acceptedByCustomer: true, from: 'resolved', to: 'closed' },
  'complaint.withdrawn': { from: 'investigating', to: 'withdrawn' },
  'complaint.reopened': { reason: 'The refund never arrived.', from: 'closed', to: 'investigating' },
  'complaint.assigned': { previousAssigneeId: null, assigneeId: 'U1' },
  'complaint.involvement_declared': { staffId: 'U2', unassigned: false },
  'note.added': { text: 'Called the warehouse.' },
  'note.edited': { text: 'Called the warehouse twice.', source: 'slack:C0CASES01/1772445700.000200' },
  'handoff.requested': { channel: 'webchat', dueAt: null },
  'message.sent_to_customer': { text: 'Your refund is on its way.', channel: 'webchat' },
  'message.received_from_customer': { text: 'Thank you.', channel: 'webchat' },
  'deadline.missed': { promiseId: 'time-to-acknowledge', indicator: 'time_to_acknowledge', dueAt: '2026-03-03T10:00:00.000Z' },
  'message.delivery_failed': { channel: 'sms', kind: 'status_update', error: 'unreachable' },
  'contact.disclosed': {},
  'contact.exported': { sections: ['complaint', 'history'] },
  'satisfaction.consent_recorded': { consent: true, askedAt: 'intake' },
  'customer.erased': { redactedEvents: 3, legacySeqs: [] },
  'case.anonymised': { redactedEvents: 3, legacySeqs: [] },
  'dispute.offered': { trigger: 'response_rejected', options: ['financial-ombudsman-service'], referralDeadline: '2026-10-01T09:00:00.000Z' },
  'dispute.consented': { providerId: 'financial-ombudsman-service', shareCaseFile: true, wordingVersion: 'dispute-options-1', from: 'offered', to: 'consented' },
  'dispute.declined': { wordingVersion: 'dispute-options-1', from: 'offered', to: 'declined' },
  'dispute.deferred': { wordingVersion: 'dispute-options-1', reminders: true, from: 'offered', to: 'deferred' },
  'dispute.consent_withdrawn': { providerId: 'financial-ombudsman-service', from: 'consented', to: 'consent_withdrawn' },
  'dispute.reoffered': { trigger: 'customer_asked', from: 'declined', to: 'offered' },
  'dispute.referred': { providerId: 'financial-ombudsman-service', shareCaseFile: true, from: 'consented', to: 'referred' },
  'dispute.accepted_by_provider': { providerId: 'financial-ombudsman-service', providerReference: 'FOS-123', from: 'referred', to: 'accepted' },
  'dispute.outcome_recorded': { outcome: 'upheld', explanation: 'Refund the fee.', message: 'Refund £40.', remedyDueAt: '2026-11-01T09:00:00.000Z', from: 'accepted', to: 'decided' },
  'dispute.remedy_implemented': { dueAt: '2026-11-01T09:00:00.000Z', onTime: true, daysToImplement: 3, from: 'decided', to: 'remedy_implemented' },
  'dispute.closed': { outcome: 'upheld', from: 'remedy_implemented', to: 'closed' },
  'dispute.reminder_sent': { referralDeadline: '2026-10-01T09:00:00.000Z' },
  'evidence.added': { evidenceId: '0b6f3c1e-5d2a-4f4e-9a57-1c2d3e4f5a6b', origin: 'sms', kind: 'image', size: 48213 },
  'evidence.viewed': { evidenceId: '0b6f3c1e-5d2a-4f4e-9a57-1c2d3e4f5a6b' },
};

/** An event of `type` with a payload of its shape; `data` replaces some of its fields. */
export function aCaseEvent<T extends CaseEventType>(type: T, data: Partial<CaseEventMap[T]> = {}): CaseEvent {
  // TypeScript cannot tie PAYLOADS[T] to the member of the union whose type is T
  return { type, data: { ...PAYLOADS[type], ...data } } as CaseEvent;
}
