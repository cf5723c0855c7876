import { describe, expect, it } from '@jest/globals';
import { loadProfile } from './code-of-conduct.loader.js';
import { computeDeadlines, deadlineAfter, extendDeadlines } from './deadlines.js';

const at = (iso: string) => new Date(iso);
const byId = <T extends { promiseId: string }>(list: T[]) => Object.fromEntries(list.map((item) => [item.promiseId, item]));

describe(computeDeadlines.name, () => {
  const fca = loadProfile('uk-fca');
  // Mon 9 Feb 2026 10:00 GMT; business days close at 17:00 London
  const deadlines = byId(computeDeadlines(fca, at('2026-02-09T10:00:00Z')));

  it('computes every promise that runs from receipt, leaving out status updates and the referral window', () => {
    expect(Object.keys(deadlines).sort()).toEqual(['acknowledge', 'final-response', 'holding-response', 'summary-resolution']);
    expect(deadlines['final-response'].indicator).toBe('time_to_final_response');
  });

  it('FCA acknowledgement: 1 business day -> close of Tue 10 Feb; warn after 80 % of 15 working hours (7 Mon + 8 Tue) = Tue 14:00', () => {
    expect(deadlines.acknowledge).toMatchObject({ dueAt: '2026-02-10T17:00:00.000Z', warnAt: '2026-02-10T14:00:00.000Z' });
  });

  it('FCA summary resolution: close of the 3rd business day after receipt, Thu 12 Feb; warn at 80 % of 31 h = 24.8 h -> Thu 10:48', () => {
    expect(deadlines['summary-resolution']).toMatchObject({
      dueAt: '2026-02-12T17:00:00.000Z',
      warnAt: '2026-02-12T10:48:00.000Z',
    });
  });

  it('FCA 8 weeks are 56 calendar days, due on Easter Monday 6 Apr 2026 at 10:00 BST (09:00Z) all the same; warn after 80 % of 1343 real hours', () => {
    // DISP 1.6.2R counts calendar weeks and a bank holiday does not move the date later. The clocks go forward on
    // 29 Mar, so 56 days are 1343 h; 80 % = 1074.4 h = 44 days 18 h 24 min after 9 Feb 10:00Z -> Thu 26 Mar 04:24Z
    expect(deadlines['final-response']).toMatchObject({
      dueAt: '2026-04-06T09:00:00.000Z',
      warnAt: '2026-03-26T04:24:00.000Z',
    });
    expect(deadlines['holding-response'].dueAt).toBe('2026-04-06T09:00:00.000Z');
  });

  it('CFPB 15 calendar days from Mon 2 Mar 2026 09:00 EST keep 09:00 local after US DST starts (8 Mar): Tue 17 Mar 13:00Z; the response is prepared 3 days before', () => {
    const cfpb = byId(computeDeadlines(loadProfile('us-cfpb'), at('2026-03-02T14:00:00Z')));
    // 359 h less the 72 h lead time = 287 h = 11 days 23 h after 2 Mar 14:00Z: Sat 14 Mar 09:00 EDT
    expect(cfpb.response).toMatchObject({ dueAt: '2026-03-17T13:00:00.000Z', warnAt: '2026-03-14T13:00:00.000Z' });
    expect(cfpb['final-response'].dueAt).toBe('2026-05-01T13:00:00.000Z');
  });
});

describe(extendDeadlines.name, () => {
  const generic = loadProfile('default');
  // Mon 9 Mar 2026 10:00 GMT. Acknowledge: close of Tue 10 Mar. Final response: 20 business days, skipping Good Friday
  // and Easter Monday: Wed 8 Apr 17:00 BST.
  const original = computeDeadlines(generic, at('2026-03-09T10:00:00Z'));

  it('starts from the expected deadlines', () => {
    expect(byId(original).acknowledge).toMatchObject({ dueAt: '2026-03-10T17:00:00.000Z', warnAt: '2026-03-10T14:00:00.000Z' });
    expect(byId(original)['final-response'].dueAt).toBe('2026-04-08T16:00:00.000Z');
  });

  it('a pause from Tue 10:00 to Thu 10:00 crosses two closes of business, so every deadline and warning moves two business days', () => {
    const moved = byId(extendDeadlines(generic, original, at('2026-03-10T10:00:00Z'), at('2026-03-12T10:00:00Z')));
    expect(moved.acknowledge).toMatchObject({ dueAt: '2026-03-12T17:00:00.000Z', warnAt: '2026-03-12T14:00:00.000Z' });
    expect(moved['final-response'].dueAt).toBe('2026-04-10T16:00:00.000Z');
  });

  it('a pause that begins after the acknowledgement was due leaves that deadline missed and moves only the later one', () => {
    const moved = byId(extendDeadlines(generic, original, at('2026-03-11T10:00:00Z'), at('2026-03-13T10:00:00Z')));
    expect(moved.acknowledge).toEqual(byId(original).acknowledge);
    expect(moved['final-response'].dueAt).toBe('2026-04-10T16:00:00.000Z');
  });

  it('moves each deadline on its own clock: ASIC acknowledgement by business days in Sydney; RG 271’s 30 days do not move', () => {
    const asic = loadProfile('au-asic');
    // Mon 2 Mar 2026 11:00 AEDT: acknowledge by close of Tue 3 Mar (17:00 AEDT = 06:00Z), respond 30 days later, Wed 1 Apr 11:00 AEDT
    const before = computeDeadlines(asic, at('2026-03-02T00:00:00Z'));
    expect(byId(before).acknowledge.dueAt).toBe('2026-03-03T06:00:00.000Z');
    expect(byId(before)['final-response'].dueAt).toBe('2026-04-01T00:00:00.000Z');
    // paused Tue 11:00 to Thu 11:00 AEDT: the closes of Tuesday and Wednesday pass
    const after = byId(extendDeadlines(asic, before, at('2026-03-03T00:00:00Z'), at('2026-03-05T00:00:00Z')));
    expect(after.acknowledge.dueAt).toBe('2026-03-05T06:00:00.000Z');
    expect(after['final-response'].dueAt).toBe('2026-04-01T00:00:00.000Z');
  });

  it('leaves a deadline whose promise is no longer in the code unchanged', () => {
    const orphan = { promiseId: 'retired', indicator: 'time_to_acknowledge', dueAt: '2026-03-10T17:00:00.000Z', warnAt: '2026-03-10T14:00:00.000Z' };
    expect(extendDeadlines(generic, [orphan], at('2026-03-10T10:00:00Z'), at('2026-03-12T10:00:00Z'))).toEqual([orphan]);
  });
});

describe(deadlineAfter.name, () => {
  it('FCA referral window: 6 calendar months from a final response on 31 Aug 2026 11:00 BST is 28 Feb 2027 11:00 GMT; warn at 90 %', () => {
    // 181 days + 1 h = 4345 h; 90 % = 3910.5 h = 162 days 22.5 h after 31 Aug 10:00Z
    expect(deadlineAfter(loadProfile('uk-fca'), 'referral-window', at('2026-08-31T10:00:00Z'))).toEqual({
      promiseId: 'referral-window',
      indicator: 'referral_window',
      dueAt: '2027-02-28T11:00:00.000Z',
      warnAt: '2027-02-10T08:30:00.000Z',
      runsWhilePaused: true,
    });
  });

  it('schedules the next status update 10 business days after the last one', () => {
    // after Fri 20 Mar 2026: Mon 23 Mar to Thu 2 Apr are 9 business days; Good Friday and Easter Monday are not,
    // so the 10th is Tue 7 Apr, closing at 17:00 BST
    expect(deadlineAfter(loadProfile('default'), 'status-updates', at('2026-03-20T12:00:00Z')).dueAt).toBe(
      '2026-04-07T16:00:00.000Z',
    );
  });

  it.each([
    ['during opening hours: an hour later', '2026-03-04T11:15:00Z', '2026-03-04T12:15:00.000Z'],
    ['late on a Friday: the rest of the hour on Monday morning', '2026-03-06T16:30:00Z', '2026-03-09T09:30:00.000Z'],
    ['at night: an hour after opening', '2026-03-04T21:00:00Z', '2026-03-05T10:00:00.000Z'],
    ['on Good Friday: an hour after opening on the Tuesday after Easter Monday', '2026-04-03T10:00:00Z', '2026-04-07T09:00:00.000Z'],
  ])('answers a request for a person within 1 working hour, %s', (_when, asked, due) => {
    expect(deadlineAfter(loadProfile('default'), 'talk-to-a-person', at(asked)).dueAt).toBe(due);
  });

  it('throws for a promise the code does not make', () => {
    expect(() => deadlineAfter(loadProfile('default'), 'nope', at('2026-03-20T12:00:00Z'))).toThrow('no promise "nope"');
  });
});
