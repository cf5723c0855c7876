import { describe, expect, it } from '@jest/globals';
import { anonymisedComplaint } from './anonymised-complaint.js';
import { aComplaintIn } from './complaint.fixtures.js';

describe(anonymisedComplaint.name, () => {
  const complaint = aComplaintIn('closed', {
    contact: { kind: 'phone', value: '+447911123456' },
    originKey: 'sms:+447911123456',
    customerName: 'Ann Smith',
    description: 'Ann Smith at 12 High Street was overcharged',
    remedySought: 'Refund to Ann',
    openQuestion: 'Which card, Ann?',
    assessment: { severity: 'high', impact: 'medium', complexity: 'low', urgency: 'high', healthOrSafety: false, summary: 'Ann, again' },
    proposedResponse: { outcome: 'refund', explanation: 'Ann was charged twice', proposedAt: '2026-03-03T10:00:00.000Z' },
    closure: { outcome: 'refund', rootCause: 'billing_error', acceptedByCustomer: true },
  });

  it('leaves nothing that names or reaches the customer, or says what anyone wrote', () => {
    const erased = anonymisedComplaint(complaint, '2026-09-03T10:00:00.000Z');
    expect(JSON.stringify(erased)).not.toMatch(/Ann|7911|High Street/);
    expect(erased).toMatchObject({ contact: { kind: 'phone', value: '' }, originKey: null, customerName: null, erasedAt: '2026-09-03T10:00:00.000Z' });
  });

  it('keeps what counts the case', () => {
    const erased = anonymisedComplaint(complaint, '2026-09-03T10:00:00.000Z');
    const { contact: _c, originKey: _o, customerName: _n, description: _d, remedySought: _r, openQuestion: _q, assessment, proposedResponse, erasedAt: _e, ...counted } = complaint;
    expect(erased).toMatchObject(counted);
    expect(erased.assessment).toEqual({ severity: 'high', impact: 'medium', complexity: 'low', urgency: 'high', healthOrSafety: false });
    expect(erased.proposedResponse).toEqual({ ...proposedResponse, explanation: '' });
    expect(assessment?.summary).toBe('Ann, again');
  });
});
