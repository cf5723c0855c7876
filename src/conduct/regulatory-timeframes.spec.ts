import { describe, expect, it } from '@jest/globals';
import { loadProfile, mergeOverProfile } from './code-of-conduct.loader.js';
import { codeOfConductSchema } from './code-of-conduct.schema.js';
import { computeDeadlines, extendDeadlines, latestExpectedDate, promisesFor } from './deadlines.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { profilePath } from './code-of-conduct.loader.js';

const at = (iso: string) => new Date(iso);
const byId = <T extends { promiseId: string }>(list: T[]) => Object.fromEntries(list.map((item) => [item.promiseId, item]));

/** A complaint received, then waiting for the customer from one instant until another: its deadlines after the wait. */
function afterWaiting(profile: Parameters<typeof loadProfile>[0], receivedAt: string, from: string, to: string, category?: string) {
  const code = loadProfile(profile);
  const before = computeDeadlines(code, at(receivedAt), category);
  return { before: byId(before), after: byId(extendDeadlines(code, before, at(from), at(to))) };
}

describe('regulatory clocks do not pause while the case waits for the customer', () => {
  it('FCA DISP 1.6.2R: received Mon 2 Mar 2026, waiting for the customer 10–24 Mar: the final response is still due Mon 27 Apr 2026, not 11 May', () => {
    // 8 weeks are 56 calendar days; 10:00 GMT on 2 Mar is 10:00 BST (09:00Z) on 27 Apr
    const { after } = afterWaiting('uk-fca', '2026-03-02T10:00:00Z', '2026-03-10T10:00:00Z', '2026-03-24T10:00:00Z');
    expect(after['final-response'].dueAt).toBe('2026-04-27T09:00:00.000Z');
    expect(after['holding-response'].dueAt).toBe('2026-04-27T09:00:00.000Z');
    // DISP 1.5: the third business day after receipt is Thu 5 Mar, whatever happens later
    expect(after['summary-resolution'].dueAt).toBe('2026-03-05T17:00:00.000Z');
  });

  it('CFPB complaint process: 15 and 60 calendar days from receipt, Tue 17 Mar and Fri 1 May 2026, however long the customer took', () => {
    const { after } = afterWaiting('us-cfpb', '2026-03-02T14:00:00Z', '2026-03-04T14:00:00Z', '2026-03-12T14:00:00Z');
    expect(after.response.dueAt).toBe('2026-03-17T13:00:00.000Z');
    expect(after['final-response'].dueAt).toBe('2026-05-01T13:00:00.000Z');
  });

  it('ASIC RG 271: 30 calendar days from Mon 2 Mar 2026 (Sydney) is Wed 1 Apr, with or without a wait for the customer', () => {
    const { before, after } = afterWaiting('au-asic', '2026-03-01T23:00:00Z', '2026-03-05T00:00:00Z', '2026-03-20T00:00:00Z');
    expect(before['final-response'].dueAt).toBe('2026-03-31T23:00:00.000Z');
    expect(after['final-response'].dueAt).toBe('2026-03-31T23:00:00.000Z');
    expect(after['delay-notice'].dueAt).toBe('2026-03-31T23:00:00.000Z');
  });

  it('an organisation’s own promise still pauses: the default profile’s 20 business days move on by the wait', () => {
    const { before, after } = afterWaiting('default', '2026-03-02T10:00:00Z', '2026-03-10T10:00:00Z', '2026-03-24T10:00:00Z');
    expect(Date.parse(after['final-response'].dueAt)).toBeGreaterThan(Date.parse(before['final-response'].dueAt));
  });
});

describe('promises limited to categories', () => {
  it('ASIC RG 271 table of timeframes: 21 calendar days for default notice, hardship and postponement complaints (Mon 23 Mar 2026), 30 for others', () => {
    const code = loadProfile('au-asic');
    const hardship = byId(computeDeadlines(code, at('2026-03-01T23:00:00Z'), 'financial-hardship'));
    expect(Object.keys(hardship).sort()).toEqual(['acknowledge', 'delay-notice-hardship', 'final-response-hardship']);
    expect(hardship['final-response-hardship'].dueAt).toBe('2026-03-22T23:00:00.000Z');
    expect(hardship['delay-notice-hardship'].dueAt).toBe('2026-03-22T23:00:00.000Z');
    const billing = byId(computeDeadlines(code, at('2026-03-01T23:00:00Z'), 'billing'));
    expect(Object.keys(billing).sort()).toEqual(['acknowledge', 'delay-notice', 'final-response']);
  });

  it('ASIC RG 271: a superannuation trustee configures 45 calendar days over the profile: Thu 16 Apr 2026', () => {
    const profile = parse(readFileSync(profilePath('au-asic'), 'utf8')) as Record<string, unknown>;
    const { code: merged } = mergeOverProfile(profile, {
      promises: [
        { id: 'final-response', text: 'We will give you our response in writing within 45 days.', indicator: 'time_to_final_response', target: { amount: 45, unit: 'days' }, clock: 'calendar', pausesForCustomer: false },
      ],
    });
    const trustee = codeOfConductSchema.parse(merged);
    // 10:00 AEDT on 2 Mar is 10:00 AEST (00:00Z) on 16 Apr: daylight saving ends on 5 Apr
    expect(byId(computeDeadlines(trustee, at('2026-03-01T23:00:00Z'), 'service'))['final-response'].dueAt).toBe('2026-04-16T00:00:00.000Z');
  });

  it('FCA DISP 1.6.2A: a payment services complaint from Mon 2 Mar 2026 is answered within 15 business days (Mon 23 Mar), a holding response at most promising 35 (Wed 22 Apr, after Easter)', () => {
    const code = loadProfile('uk-fca');
    const payments = byId(computeDeadlines(code, at('2026-03-02T10:00:00Z'), 'payment-services'));
    expect(Object.keys(payments).sort()).toEqual(['acknowledge', 'final-response-payments', 'holding-response-payments', 'summary-resolution']);
    expect(payments['final-response-payments'].dueAt).toBe('2026-03-23T17:00:00.000Z');
    expect(payments['holding-response-payments'].dueAt).toBe('2026-03-23T17:00:00.000Z');
    expect(latestExpectedDate(code, 'holding-response-payments', at('2026-03-02T10:00:00Z'))?.toISOString()).toBe('2026-04-22T16:00:00.000Z');
    expect(promisesFor(code, 'billing').map((p) => p.id)).toContain('final-response');
  });

  it('refuses a promise limited to a category the code does not define', () => {
    const code = loadProfile('uk-fca');
    const result = codeOfConductSchema.safeParse({ ...code, promises: [{ ...code.promises[0], categories: ['pensions'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['promises', 0, 'categories', 0], message: '"pensions" is not a defined category' });
  });
});

describe('holding and delay responses are prepared before the deadline', () => {
  it('FCA DISP 1.6.2R: the person with the case is asked for the holding response a week before the 8 weeks are up (Mon 20 Apr 2026)', () => {
    const deadlines = byId(computeDeadlines(loadProfile('uk-fca'), at('2026-03-02T10:00:00Z')));
    expect(deadlines['holding-response'].warnAt).toBe('2026-04-20T09:00:00.000Z');
  });

  it('ASIC RG 271: the delay notice is prepared five days before day 30 (Fri 27 Mar 2026, Sydney)', () => {
    const deadlines = byId(computeDeadlines(loadProfile('au-asic'), at('2026-03-01T23:00:00Z')));
    expect(deadlines['delay-notice'].warnAt).toBe('2026-03-26T23:00:00.000Z');
  });

  it('refuses a lead time on a promise that is not a holding response', () => {
    const code = loadProfile('default');
    const result = codeOfConductSchema.safeParse({ ...code, promises: [{ ...code.promises[1], leadTime: { amount: 2, unit: 'days' } }] });
    expect(result.error?.issues[0]).toMatchObject({ path: ['promises', 0, 'leadTime'], message: 'suits only a time_to_holding_response promise' });
  });
});

describe('what staff see of a regulator’s clock while the case waits for the customer', () => {
  it('FCA DISP 1.6.2R: the 8 weeks show as running, not paused; the organisation’s own status-update promise is not among them', async () => {
    const { deadlineState } = await import('../complaints/complaint.view.js');
    const { aComplaintIn } = await import('../complaints/domain/complaint.fixtures.js');
    const deadlines = byId(computeDeadlines(loadProfile('uk-fca'), at('2026-03-02T10:00:00Z')));
    expect(deadlines['final-response'].runsWhilePaused).toBe(true);
    const waiting = aComplaintIn('awaiting_customer', { pausedAt: '2026-03-10T10:00:00.000Z' });
    expect(deadlineState({ ...deadlines['final-response'], settledAt: null }, waiting, at('2026-03-12T10:00:00Z'))).toBe('running');
    const own = byId(computeDeadlines(loadProfile('default'), at('2026-03-02T10:00:00Z')))['final-response'];
    expect(own.runsWhilePaused).toBeUndefined();
    expect(deadlineState({ ...own, settledAt: null }, waiting, at('2026-03-12T10:00:00Z'))).toBe('paused');
  });
});
