import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar.js';
import type { ClockSpec } from './code-of-conduct.schema.js';

const HOUR_MS = 3_600_000;
const WEEKDAYS = [1, 2, 3, 4, 5];
const office = (timeZone: string): ClockSpec => ({
  kind: 'business_days',
  timeZone,
  workingDays: WEEKDAYS,
  workingHours: { start: '09:00', end: '17:00' },
});

/** What luxon says of the instant's local day, asked afresh: the truth the cached days must keep to. */
function luxonDay(ms: number, zone: string) {
  const date = DateTime.fromMillis(ms, { zone }).startOf('day');
  return { date: date.toISODate(), startMs: date.toMillis(), endMs: date.plus({ days: 1 }).startOf('day').toMillis() };
}

/** Instants every 7 h 13 min over 14 months from 1 January 2026: every hour of the day, across both DST changes. */
const instants = Array.from({ length: 1400 }, (_, i) => Date.UTC(2026, 0, 1) + i * (7 * HOUR_MS + 13 * 60_000));

/** The same instants in an order that jumps about, so the days are worked out out of order. */
const shuffled = instants.map((ms, i) => instants[(i * 613) % instants.length]);

const ZONES = [
  'Europe/London', // DST at 01:00 UTC, spring and autumn
  'Asia/Kolkata', // +05:30, no DST
  'Asia/Kathmandu', // +05:45
  'Australia/Adelaide', // +09:30 / +10:30, DST in the southern summer
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago', // DST changes at midnight: the day it starts has no 00:00
  'America/St_Johns', // -03:30 / -02:30
];

describe(BusinessCalendar.name, () => {
  for (const zone of ZONES) {
    it(`in ${zone}, the day an instant falls on is luxon's, whether its days were worked out before or not`, () => {
      const warm = new BusinessCalendar(office(zone));
      for (const order of [instants, shuffled]) {
        for (const ms of order) {
          const day = warm.dayOf(ms);
          expect({ date: day.date.toISODate(), startMs: day.startMs, endMs: day.endMs }).toEqual(luxonDay(ms, zone));
        }
      }
    });

    it(`in ${zone}, walking day by day meets each local date once, and each day ends where the next begins`, () => {
      const calendar = new BusinessCalendar(office(zone));
      let day = calendar.dayOf(Date.UTC(2026, 0, 1, 12));
      for (let i = 0; i < 400; i++) {
        const next = calendar.nextDay(day);
        expect(next.startMs).toBe(day.endMs);
        expect(next.date.toISODate()).toBe(day.date.plus({ days: 1 }).toISODate());
        day = next;
      }
    });
  }

  it('across the spring DST change in London, Sunday 29 March 2026 lasts 23 hours and the working hours after it are 08:00 to 16:00 UTC', () => {
    const calendar = new BusinessCalendar(office('Europe/London'));
    const sunday = calendar.dayOf(Date.parse('2026-03-29T12:00:00Z'));
    expect(sunday.endMs - sunday.startMs).toBe(23 * HOUR_MS);
    expect(sunday.business).toBe(false);
    const friday = calendar.dayOf(Date.parse('2026-03-27T12:00:00Z'));
    const monday = calendar.nextBusinessDay(friday);
    expect(new Date(friday.span!.startMs).toISOString()).toBe('2026-03-27T09:00:00.000Z');
    expect(new Date(monday.span.startMs).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(new Date(monday.closeMs).toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  it('across the autumn DST change in London, Sunday 25 October 2026 lasts 25 hours', () => {
    const calendar = new BusinessCalendar(office('Europe/London'));
    const sunday = calendar.dayOf(Date.parse('2026-10-25T00:30:00Z'));
    expect(sunday.date.toISODate()).toBe('2026-10-25');
    expect(sunday.endMs - sunday.startMs).toBe(25 * HOUR_MS);
  });

  it('in Kathmandu (+05:45), working hours 09:00 to 17:00 are 03:15 to 11:15 UTC', () => {
    const calendar = new BusinessCalendar(office('Asia/Kathmandu'));
    const day = calendar.dayOf(Date.parse('2026-06-03T02:00:00Z'));
    expect(day.date.toISODate()).toBe('2026-06-03');
    expect(new Date(day.span!.startMs).toISOString()).toBe('2026-06-03T03:15:00.000Z');
    expect(new Date(day.closeMs!).toISOString()).toBe('2026-06-03T11:15:00.000Z');
  });

  it('in Adelaide, the close of business moves by an hour when DST ends on 5 April 2026 (17:00 is 06:30 UTC, then 07:30)', () => {
    const calendar = new BusinessCalendar(office('Australia/Adelaide'));
    const friday = calendar.dayOf(Date.parse('2026-04-03T01:00:00Z'));
    expect(new Date(friday.closeMs!).toISOString()).toBe('2026-04-03T06:30:00.000Z');
    expect(new Date(calendar.nextBusinessDay(friday).closeMs).toISOString()).toBe('2026-04-06T07:30:00.000Z');
  });

  it('a business day without working hours closes at its last millisecond, local time', () => {
    const calendar = new BusinessCalendar({ kind: 'business_days', timeZone: 'Asia/Kolkata', workingDays: WEEKDAYS });
    const day = calendar.dayOf(Date.parse('2026-06-03T12:00:00Z'));
    expect(new Date(day.closeMs!).toISOString()).toBe('2026-06-03T18:29:59.999Z');
  });

  it('holidays are not business days: Christmas and Boxing Day 2026 in England', () => {
    const calendar = new BusinessCalendar({ ...office('Europe/London'), holidays: { country: 'GB', region: 'ENG', types: ['public', 'bank'] } });
    const thursday = calendar.dayOf(Date.parse('2026-12-24T12:00:00Z'));
    expect(calendar.nextBusinessDay(thursday).date.toISODate()).toBe('2026-12-29');
  });

  it('still agrees with luxon after walking more days than it keeps', () => {
    const calendar = new BusinessCalendar(office('Europe/London'), 100);
    let day = calendar.dayOf(Date.UTC(2026, 0, 1, 12));
    for (let i = 0; i < 450; i++) day = calendar.nextDay(day);
    expect(day.date.toISODate()).toBe('2027-03-27');
    expect(calendar.nextDay(day).endMs - calendar.nextDay(day).startMs).toBe(23 * HOUR_MS);
    for (const ms of shuffled.slice(0, 200)) expect(calendar.dayOf(ms).startMs).toBe(luxonDay(ms, 'Europe/London').startMs);
  });
});
