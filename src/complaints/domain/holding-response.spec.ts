import { describe, expect, it } from '@jest/globals';
import type { Actor } from './complaint.commands.js';
import { aComplaintIn, aContext, deadline } from './complaint.fixtures.js';
import { decide } from './complaint.machine.js';

const handler: Actor = { kind: 'staff', id: 'U-HAN', role: 'handler' };
const holdingDue = '2026-04-27T09:00:00.000Z';
const complaint = aComplaintIn('investigating', {
  deadlines: [deadline('time_to_holding_response', holdingDue), deadline('time_to_final_response', holdingDue)],
});
const send = (expectedBy: string, now: string, latest?: string) =>
  decide(
    complaint,
    { type: 'send_holding_response', reasons: 'We are waiting for the card scheme’s report.', expectedBy },
    handler,
    aContext(now, latest ? { latestExpectedBy: () => new Date(latest) } : {}),
  );

describe('send_holding_response', () => {
  it('FCA DISP 1.6.2R(2): sent before the 8 weeks are up it keeps the holding promise, on time, and leaves the final response owed', () => {
    const decision = send('2026-05-11T16:00:00.000Z', '2026-04-20T09:00:00.000Z');
    expect(decision).toMatchObject({
      ok: true,
      complaint: { status: 'investigating' },
      events: [{ type: 'complaint.holding_response_sent', data: { reason: 'We are waiting for the card scheme’s report.', expectedBy: '2026-05-11T16:00:00.000Z', dueAt: holdingDue, onTime: true } }],
    });
    if (!decision.ok) return;
    expect(decision.complaint.deadlines.map((d) => [d.indicator, d.settledAt])).toEqual([
      ['time_to_holding_response', '2026-04-20T09:00:00.000Z'],
      ['time_to_final_response', null],
    ]);
  });

  it('records a late one as late, for the figures regulators ask for', () => {
    const decision = send('2026-05-11T16:00:00.000Z', '2026-04-28T09:00:00.000Z');
    expect(decision.ok && decision.events[0]).toMatchObject({ data: { onTime: false } });
  });

  it('refuses an expected date already gone: a customer is never promised the past', () => {
    expect(send('2026-04-19T16:00:00.000Z', '2026-04-20T09:00:00.000Z')).toMatchObject({ ok: false, code: 'complaint_expected_date_invalid' });
  });

  it('FCA DISP 1.6.2A: refuses to promise a payment services final response later than 35 business days after receipt', () => {
    expect(send('2026-04-23T16:00:00.000Z', '2026-03-20T09:00:00.000Z', '2026-04-22T16:00:00.000Z')).toMatchObject({
      ok: false,
      code: 'complaint_expected_date_invalid',
      message: expect.stringContaining('2026-04-22T16:00:00.000Z'),
    });
    expect(send('2026-04-22T16:00:00.000Z', '2026-03-20T09:00:00.000Z', '2026-04-22T16:00:00.000Z').ok).toBe(true);
  });
});
