import { describe, expect, it } from '@jest/globals';
import { parseStatsPeriod } from './stats-period.js';

// Thursday 3 December 2026, 15:30 in London (GMT)
const NOW = new Date('2026-12-03T15:30:00.000Z');

describe(parseStatsPeriod.name, () => {
  it.each([
    ['', '2026-11-03T15:30:00.000Z', '2026-12-03T15:30:00.000Z', 'the last 30 days'],
    ['7d', '2026-11-26T15:30:00.000Z', '2026-12-03T15:30:00.000Z', 'the last 7 days'],
    [' 1D ', '2026-12-02T15:30:00.000Z', '2026-12-03T15:30:00.000Z', 'the last day'],
    // 90 days back lands in British Summer Time: 15:30 in London then was 14:30 UTC
    ['90 days', '2026-09-04T14:30:00.000Z', '2026-12-03T15:30:00.000Z', 'the last 90 days'],
    ['2026-10', '2026-09-30T23:00:00.000Z', '2026-11-01T00:00:00.000Z', 'October 2026'],
    ['2026-12', '2026-12-01T00:00:00.000Z', '2026-12-03T15:30:00.000Z', 'December 2026 so far'],
  ])('reads %j as [%s, %s), %s', (input, from, to, words) => {
    expect(parseStatsPeriod(input, NOW, 'Europe/London')).toEqual({ ok: true, period: { from, to, words } });
  });

  it('counts a month from midnight in the organisation’s zone', () => {
    expect(parseStatsPeriod('2026-07', NOW, 'America/New_York')).toMatchObject({ ok: true, period: { from: '2026-07-01T04:00:00.000Z', to: '2026-08-01T04:00:00.000Z' } });
  });

  it.each([
    ['0d', '0 days is not a period I can count: give 1 to 366 days.'],
    ['367d', '367 days is not a period I can count: give 1 to 366 days.'],
    ['2026-13', '2026-13 is not a month: months run from 01 to 12.'],
    ['2027-01', 'January 2027 has not begun yet.'],
    ['last week', 'I cannot read “last week” as a period.'],
    ['2026-1', 'I cannot read “2026-1” as a period.'],
  ])('refuses %j, saying why', (input, problem) => {
    expect(parseStatsPeriod(input, NOW, 'Europe/London')).toEqual({ ok: false, problem });
  });
});
