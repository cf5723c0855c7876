import { describe, expect, it } from '@jest/globals';
import type { NewCaseEvent } from '../audit/case-history.js';
import { aCaseEvent } from '../complaints/domain/case-events.fixtures.js';
import { aComplaintIn } from '../complaints/domain/complaint.fixtures.js';
import { CONVERSATION_GRACE_MS, DISPUTE_OFFER, DISPUTES_CHANNEL, disputeOffersPolicy } from './dispute-policies.js';

const AT = '2026-05-04T10:00:00.000Z';
const staff = { kind: 'staff', id: 'U1', role: 'handler' } as const;

function change(events: NewCaseEvent[]) {
  const after = aComplaintIn('unresolved');
  return { before: after, after, events };
}

function event(type: Parameters<typeof aCaseEvent>[0], actor: NewCaseEvent['actor'], data: Record<string, unknown> = {}): NewCaseEvent {
  return { ...aCaseEvent(type, data as never), actor, at: AT } as NewCaseEvent;
}

describe('disputeOffersPolicy', () => {
  it('owes an offer when staff record a rejection, when a complaint is marked unresolved, and when the final response is overdue', () => {
    const owed = disputeOffersPolicy(
      change([
        event('complaint.response_rejected', staff),
        event('complaint.marked_unresolved', { kind: 'system', id: 'deadline-watch' }),
        event('deadline.missed', { kind: 'system', id: 'deadline-watch' }, { indicator: 'time_to_final_response' }),
      ]),
    );
    expect(owed.map((m) => [m.channel, m.kind, m.payload.trigger, m.notBefore])).toEqual([
      [DISPUTES_CHANNEL, DISPUTE_OFFER, 'response_rejected', undefined],
      [DISPUTES_CHANNEL, DISPUTE_OFFER, 'deadline_missed', undefined],
      [DISPUTES_CHANNEL, DISPUTE_OFFER, 'deadline_missed', undefined],
    ]);
  });

  it('gives the dialog time to show the options to a customer who said NO in a conversation', () => {
    const [offer] = disputeOffersPolicy(change([event('complaint.response_rejected', { kind: 'customer' })]));
    expect(offer.notBefore).toEqual(new Date(Date.parse(AT) + CONVERSATION_GRACE_MS));
  });

  it('offers after a closure without the customer’s acceptance of a proposal, not after an accepted one or other deadlines', () => {
    const owed = disputeOffersPolicy(
      change([
        event('complaint.closed', staff, { acceptedByCustomer: false, from: 'response_proposed', to: 'closed' }),
        event('complaint.closed', staff, { acceptedByCustomer: true, from: 'resolved', to: 'closed' }),
        event('deadline.missed', { kind: 'system', id: 'deadline-watch' }, { indicator: 'time_to_acknowledge' }),
      ]),
    );
    expect(owed.map((m) => m.payload.trigger)).toEqual(['final_response']);
  });
});
