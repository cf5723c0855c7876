import { describe, expect, it } from '@jest/globals';
import { digestWeeks, isDigestTime, nextDigestAt, parseDigestSchedule } from './digest-schedule.js';

describe(parseDigestSchedule.name, () => {
  it.each([
    ['mon 09:00', { weekday: 1, hour: 9, minute: 0 }],
    ['Fri 16:30', { weekday: 5, hour: 16, minute: 30 }],
    ['sunday 7:05', { weekday: 7, hour: 7, minute: 5 }],
    [' wed  23:59 ', { weekday: 3, hour: 23, minute: 59 }],
  ])('reads %j', (text, schedule) => {
    expect(parseDigestSchedule(text)).toEqual(schedule);
  });

  it.each(['monday', '09:00', 'mon 24:00', 'mon 9:60', 'moon 09:00', 'monsoon 09:00', 'mond 09:00', 'mon 09:00 UTC', 'daily'])('refuses %j', (text) => {
    expect(parseDigestSchedule(text)).toBeNull();
  });
});

describe(nextDigestAt.name, () => {
  const monday9 = { weekday: 1, hour: 9, minute: 0 };

  it('gives the next Monday 09:00 in the zone, strictly after the moment', () => {
    // Thursday 5 March 2026, GMT
    expect(nextDigestAt(new Date('2026-03-05T12:00:00Z'), monday9, 'Europe/London').toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // Monday 08:59 → today; 09:00 itself → next week
    expect(nextDigestAt(new Date('2026-03-09T08:59:00Z'), monday9, 'Europe/London').toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(nextDigestAt(new Date('2026-03-09T09:00:00Z'), monday9, 'Europe/London').toISOString()).toBe('2026-03-16T09:00:00.000Z');
  });

  it('keeps the local time across a clock change', () => {
    // British Summer Time starts on Sunday 29 March 2026: 09:00 in London is then 08:00 UTC
    expect(nextDigestAt(new Date('2026-03-24T12:00:00Z'), monday9, 'Europe/London').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(nextDigestAt(new Date('2026-03-05T12:00:00Z'), { weekday: 5, hour: 17, minute: 30 }, 'America/New_York').toISOString()).toBe('2026-03-06T22:30:00.000Z');
  });

  it('knows its own times from others', () => {
    expect(isDigestTime(new Date('2026-03-09T09:00:00Z'), monday9, 'Europe/London')).toBe(true);
    expect(isDigestTime(new Date('2026-03-10T09:00:00Z'), monday9, 'Europe/London')).toBe(false);
    expect(isDigestTime(new Date('2026-03-09T09:00:00Z'), { weekday: 1, hour: 10, minute: 0 }, 'Europe/London')).toBe(false);
  });
});

describe(digestWeeks.name, () => {
  it('covers the seven days before the digest, and the seven before those, in local days', () => {
    expect(digestWeeks(new Date('2026-03-30T08:00:00Z'), 'Europe/London')).toEqual({
      // a week of local days across the change to summer time is 167 hours
      thisWeek: { from: '2026-03-23T09:00:00.000Z', to: '2026-03-30T08:00:00.000Z' },
      lastWeek: { from: '2026-03-16T09:00:00.000Z', to: '2026-03-23T09:00:00.000Z' },
    });
  });
});
