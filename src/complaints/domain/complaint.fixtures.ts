import type { MachineContext } from './complaint.machine.js';
import type { CaseDeadline, Complaint, ComplaintStatus } from './complaint.js';

export const RECEIVED_AT = '2026-03-02T10:00:00.000Z';

export function deadline(indicator: string, dueAt: string, settledAt: string | null = null): CaseDeadline {
  return { promiseId: indicator.replace(/_/g, '-'), indicator, dueAt, warnAt: dueAt, settledAt };
}

export function aComplaint(overrides: Partial<Complaint> = {}): Complaint {
  return {
    reference: '7K4M-9P2Q',
    status: 'received',
    channel: 'webchat',
    contact: { kind: 'phone', value: '+447911123456' },
    originKey: null,
    customerName: null,
    language: 'en',
    category: 'delivery',
    description: 'The parcel never came.',
    remedySought: 'A refund',
    occurredOn: '2026-03-01',
    assessment: null,
    priority: null,
    assigneeId: null,
    involvedStaffIds: [],
    deadlines: [
      deadline('time_to_acknowledge', '2026-03-03T23:59:59.999Z'),
      deadline('time_to_final_response', '2026-03-30T23:59:59.999Z'),
    ],
    pausedAt: null,
    openQuestion: null,
    proposedResponse: null,
    closure: null,
    receivedAt: RECEIVED_AT,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    withdrawnAt: null,
    erasedAt: null,
    updatedAt: RECEIVED_AT,
    ...overrides,
  };
}

/** A complaint as it would be on reaching `status`, with the fields that stage implies. */
export function aComplaintIn(status: ComplaintStatus, overrides: Partial<Complaint> = {}): Complaint {
  const at = '2026-03-05T12:00:00.000Z';
  const fields: Partial<Complaint> = { status };
  if (status === 'awaiting_customer') fields.pausedAt = at;
  if (status === 'closed') fields.closedAt = at;
  if (status === 'withdrawn') fields.withdrawnAt = at;
  return aComplaint({ ...fields, ...overrides });
}

/** Calendar clock of whole days, enough for the machine's own tests. */
export function aContext(now: string, overrides: Partial<MachineContext> = {}): MachineContext {
  return {
    now: new Date(now),
    reopenWindowDays: 30,
    extendDeadlines: (deadlines, from, to) =>
      deadlines.map((d) =>
        d.settledAt
          ? d
          : {
              ...d,
              dueAt: new Date(Date.parse(d.dueAt) + (to.getTime() - from.getTime())).toISOString(),
              warnAt: new Date(Date.parse(d.warnAt) + (to.getTime() - from.getTime())).toISOString(),
            },
      ),
    deadlinesFrom: (start) => [
      deadline('time_to_acknowledge', new Date(start.getTime() + 86_400_000).toISOString()),
      deadline('time_to_final_response', new Date(start.getTime() + 28 * 86_400_000).toISOString()),
    ],
    ...overrides,
  };
}
