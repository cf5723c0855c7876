import { describe, expect, it } from '@jest/globals';
import { createDeadlineClock } from './deadline-clock.js';
import type { ClockSpec } from './code-of-conduct.schema.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const ENGLAND = { country: 'GB', region: 'ENG', types: ['public', 'bank'] } as ClockSpec['holidays'];

const londonDays: ClockSpec = { kind: 'business_days', timeZone: 'Europe/London', workingDays: WEEKDAYS, holidays: ENGLAND };
const londonOffice: ClockSpec = { ...londonDays, workingHours: { start: '09:00', end: '17:00' } };
const londonHours: ClockSpec = { ...londonOffice, kind: 'business_hours' };
const londonCalendar: ClockSpec = { kind: 'calendar', timeZone: 'Europe/London', workingDays: WEEKDAYS };
const sydneyDays: ClockSpec = {
  kind: 'business_days',
  timeZone: 'Australia/Sydney',
  workingDays: WEEKDAYS,
  holidays: { country: 'AU', region: 'NSW', types: ['public', 'bank'] },
};

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const days = (amount: number) => ({ amount, unit: 'days' as const });
const hours = (amount: number) => ({ amount, unit: 'hours' as const });

describe(createDeadlineClock.name, () => {
  describe('business_days', () => {
    const clock = createDeadlineClock(londonDays);

    it('received Friday 15:00 London, 1 business day ends at the end of Monday (23:59:59.999 GMT)', () => {
      expect(iso(clock.add(at('2026-03-06T15:00:00Z'), days(1)))).toBe('2026-03-09T23:59:59.999Z');
    });

    it('received Saturday counts from the next business day too: 1 business day ends at the end of Monday', () => {
      expect(iso(clock.add(at('2026-03-07T10:00:00Z'), days(1)))).toBe('2026-03-09T23:59:59.999Z');
    });

    it('received Monday 10:00, 3 business days end at the end of Thursday (the day of receipt does not count)', () => {
      expect(iso(clock.add(at('2026-03-09T10:00:00Z'), days(3)))).toBe('2026-03-12T23:59:59.999Z');
    });

    it('with working hours, received Friday 15:00, 1 business day ends at Monday 17:00', () => {
      expect(iso(createDeadlineClock(londonOffice).add(at('2026-03-06T15:00:00Z'), days(1)))).toBe('2026-03-09T17:00:00.000Z');
    });

    it('received on Good Friday 2026, 1 business day skips Easter Monday: end of Tuesday 7 April (22:59:59.999Z in BST)', () => {
      expect(iso(clock.add(at('2026-04-03T09:00:00Z'), days(1)))).toBe('2026-04-07T22:59:59.999Z');
    });

    it('received Christmas Eve 2026, 1 business day skips Christmas (Fri), the weekend and the Boxing Day substitute (Mon 28): end of Tue 29 Dec', () => {
      expect(iso(clock.add(at('2026-12-24T12:00:00Z'), days(1)))).toBe('2026-12-29T23:59:59.999Z');
    });

    it('received Christmas Eve 2026, 4 business days are 29, 30, 31 Dec and (after New Year\'s Day) Mon 4 Jan 2027', () => {
      expect(iso(clock.add(at('2026-12-24T12:00:00Z'), days(4)))).toBe('2027-01-04T23:59:59.999Z');
    });

    it('the same instant (Fri 15:00 London = Sat 02:00 Sydney) gives end of Monday in each zone: 23:59:59.999Z vs 12:59:59.999Z', () => {
      const instant = at('2026-03-06T15:00:00Z');
      expect(iso(clock.add(instant, days(1)))).toBe('2026-03-09T23:59:59.999Z');
      expect(iso(createDeadlineClock(sydneyDays).add(instant, days(1)))).toBe('2026-03-09T12:59:59.999Z');
    });

    it('8 weeks are 56 calendar days: received Mon 9 Feb 2026 they end at Mon 6 Apr, Easter Monday, so move to Tue 7 Apr 17:00 BST', () => {
      expect(iso(createDeadlineClock(londonOffice).add(at('2026-02-09T10:00:00Z'), { amount: 8, unit: 'weeks' }))).toBe(
        '2026-04-07T16:00:00.000Z',
      );
    });

    it('8 weeks from Mon 2 Nov 2026 end on Mon 28 Dec, the Boxing Day substitute, so move to the end of Tue 29 Dec', () => {
      expect(iso(clock.add(at('2026-11-02T10:00:00Z'), { amount: 8, unit: 'weeks' }))).toBe('2026-12-29T23:59:59.999Z');
    });

    it('a month from Sat 31 Jan 2026 is Sat 28 Feb (luxon clamps), a weekend, so it moves to the end of Mon 2 Mar', () => {
      expect(iso(clock.add(at('2026-01-31T10:00:00Z'), { amount: 1, unit: 'months' }))).toBe('2026-03-02T23:59:59.999Z');
    });

    it('measures only business-day time: Friday 15:00 to Monday 03:00 is 9 h of Friday plus 3 h of Monday', () => {
      expect(clock.elapsed(at('2026-03-06T15:00:00Z'), at('2026-03-09T03:00:00Z'))).toBe(12 * 3_600_000);
    });
  });

  describe('calendar', () => {
    const clock = createDeadlineClock(londonCalendar);

    it('1 day from Sat 28 Mar 2026 12:00 GMT keeps 12:00 local across the spring change: Sun 12:00 BST, 23 real hours later', () => {
      expect(iso(clock.add(at('2026-03-28T12:00:00Z'), days(1)))).toBe('2026-03-29T11:00:00.000Z');
    });

    it('1 day from Sat 24 Oct 2026 12:00 BST keeps 12:00 local across the autumn change: Sun 12:00 GMT, 25 real hours later', () => {
      expect(iso(clock.add(at('2026-10-24T11:00:00Z'), days(1)))).toBe('2026-10-25T12:00:00.000Z');
    });

    it('24 hours are real hours even across the spring change: 13:00 BST on Sunday', () => {
      expect(iso(clock.add(at('2026-03-28T12:00:00Z'), hours(24)))).toBe('2026-03-29T12:00:00.000Z');
    });

    it('counts weekends and holidays: 15 days from Thu 24 Dec 2026 09:00 GMT is Fri 8 Jan 2027 09:00', () => {
      expect(iso(clock.add(at('2026-12-24T09:00:00Z'), days(15)))).toBe('2027-01-08T09:00:00.000Z');
    });
  });

  describe('business_hours', () => {
    const clock = createDeadlineClock(londonHours);

    it('4 working hours from Friday 16:00 span the weekend: 1 h on Friday, 3 h on Monday, due Monday 12:00', () => {
      expect(iso(clock.add(at('2026-03-06T16:00:00Z'), hours(4)))).toBe('2026-03-09T12:00:00.000Z');
    });

    it('4 working hours from Tuesday 15:30 span the night: 1.5 h on Tuesday, 2.5 h on Wednesday, due Wednesday 11:30', () => {
      expect(iso(clock.add(at('2026-03-10T15:30:00Z'), hours(4)))).toBe('2026-03-11T11:30:00.000Z');
    });

    it('received on Saturday, 2 working hours start Monday 09:00 and end at 11:00', () => {
      expect(iso(clock.add(at('2026-03-07T10:00:00Z'), hours(2)))).toBe('2026-03-09T11:00:00.000Z');
    });

    it('2 working hours from Friday 27 Mar 16:00 GMT cross the spring change: Monday 10:00 BST (09:00Z)', () => {
      expect(iso(clock.add(at('2026-03-27T16:00:00Z'), hours(2)))).toBe('2026-03-30T09:00:00.000Z');
    });

    it('1 business day from Friday 15:00 ends at close of business on Monday, 17:00', () => {
      expect(iso(clock.add(at('2026-03-06T15:00:00Z'), days(1)))).toBe('2026-03-09T17:00:00.000Z');
    });

    it('advance and elapsed agree: 12 working hours from Friday 15:00 are 2 h Friday, 8 h Monday, 2 h Tuesday: Tuesday 11:00', () => {
      const due = clock.advance(at('2026-03-06T15:00:00Z'), 12 * 3_600_000);
      expect(iso(due)).toBe('2026-03-10T11:00:00.000Z');
      expect(clock.elapsed(at('2026-03-06T15:00:00Z'), due)).toBe(12 * 3_600_000);
    });
  });

  describe('extend (pauses)', () => {
    // 5 business days from Thu 5 Mar 2026: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 -> end of Thu 12 Mar
    const deadline = at('2026-03-12T23:59:59.999Z');

    it('a pause over the weekend (Sat 09:00 to Sun 18:00) adds nothing on a business-days clock', () => {
      const clock = createDeadlineClock(londonDays);
      expect(iso(clock.extend(deadline, at('2026-03-07T09:00:00Z'), at('2026-03-08T18:00:00Z')))).toBe(iso(deadline));
    });

    it('with working hours, a pause from Friday 18:00 to Monday 08:00 crosses no close of business and adds nothing', () => {
      const clock = createDeadlineClock(londonOffice);
      const due = at('2026-03-12T17:00:00Z');
      expect(iso(clock.extend(due, at('2026-03-06T18:00:00Z'), at('2026-03-09T08:00:00Z')))).toBe(iso(due));
    });

    it('a pause from Tue 10:00 to Thu 10:00 crosses the ends of Tuesday and Wednesday and adds two business days: Thu 12 -> Mon 16 Mar', () => {
      const clock = createDeadlineClock(londonDays);
      expect(iso(clock.extend(deadline, at('2026-03-10T10:00:00Z'), at('2026-03-12T10:00:00Z')))).toBe(
        '2026-03-16T23:59:59.999Z',
      );
    });

    it('a deadline that had passed before the pause began stays where it was', () => {
      const clock = createDeadlineClock(londonDays);
      expect(iso(clock.extend(deadline, at('2026-03-13T10:00:00Z'), at('2026-03-17T10:00:00Z')))).toBe(iso(deadline));
    });

    it('on a calendar clock a pause adds its real duration: 36 h', () => {
      const clock = createDeadlineClock(londonCalendar);
      expect(iso(clock.extend(at('2026-03-20T12:00:00Z'), at('2026-03-10T00:00:00Z'), at('2026-03-11T12:00:00Z')))).toBe(
        '2026-03-22T00:00:00.000Z',
      );
    });

    it('on a business_hours clock a pause adds the working time inside it: Fri 16:30 to Mon 10:00 holds 1.5 h, so Mon 12:00 -> 13:30', () => {
      const clock = createDeadlineClock(londonHours);
      expect(iso(clock.extend(at('2026-03-09T12:00:00Z'), at('2026-03-06T16:30:00Z'), at('2026-03-09T10:00:00Z')))).toBe(
        '2026-03-09T13:30:00.000Z',
      );
    });

    it('rejects a pause that resumes before it began', () => {
      const clock = createDeadlineClock(londonDays);
      expect(() => clock.extend(deadline, at('2026-03-10T10:00:00Z'), at('2026-03-09T10:00:00Z'))).toThrow(RangeError);
    });
  });

  describe('days worked out once and kept', () => {
    // Starts every 73 hours over a year (so at every hour of the day), both DST changes and the English holidays among
    // them, taken out of order.
    const starts = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + ((i * 37) % 120) * 73 * 3_600_000));
    const summary = (clock: ReturnType<typeof createDeadlineClock>, start: Date) => {
      const due = clock.add(start, days(20));
      return [due, clock.add(start, hours(30)), clock.advance(start, 40 * 3_600_000), clock.extend(due, start, clock.add(start, days(3)))]
        .map(iso)
        .concat(String(clock.elapsed(start, due)));
    };

    for (const [name, spec] of [['business_days', londonOffice], ['business_hours', londonHours]] as const) {
      it(`a ${name} clock that has counted over the same days before gives what a new clock gives`, () => {
        const warm = createDeadlineClock(spec);
        for (const start of starts) expect(summary(warm, start)).toEqual(summary(createDeadlineClock(spec), start));
      });
    }
  });
});
