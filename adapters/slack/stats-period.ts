import { DateTime } from 'luxon';

/** The complaints `/complaint stats` counts: received (or closed) in [from, to), as instants, and how to say it. */
export interface StatsPeriod {
  from: string;
  to: string;
  /** "the last 30 days", "October 2026", "December 2026 so far". */
  words: string;
}

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

export const PERIOD_FORMS =
  '`/complaint stats` (the last 30 days), `/complaint stats 7d` (the last 1 to 366 days) or `/complaint stats 2026-10` (a calendar month)';

/**
 * Reads the period of `/complaint stats`: nothing for the last 30 days, `Nd` for the last N days up to now, or a
 * calendar month `YYYY-MM` in the organisation's zone (the current one up to now). A month not yet begun, or
 * anything else, is a problem to tell the asker with the forms accepted.
 */
export function parseStatsPeriod(input: string, now: Date, timeZone: string): { ok: true; period: StatsPeriod } | { ok: false; problem: string } {
  const text = input.trim().toLowerCase();
  const end = DateTime.fromJSDate(now, { zone: timeZone });
  if (text === '') return { ok: true, period: lastDays(DEFAULT_DAYS, end) };

  const days = /^(\d{1,4})\s*d(ays?)?$/u.exec(text);
  if (days) {
    const count = Number(days[1]);
    if (count < 1 || count > MAX_DAYS) return { ok: false, problem: `${count} days is not a period I can count: give 1 to ${MAX_DAYS} days.` };
    return { ok: true, period: lastDays(count, end) };
  }

  const month = /^(\d{4})-(\d{2})$/u.exec(text);
  if (month) {
    const start = DateTime.fromObject({ year: Number(month[1]), month: Number(month[2]), day: 1 }, { zone: timeZone });
    if (!start.isValid) return { ok: false, problem: `${text} is not a month: months run from 01 to 12.` };
    if (start > end) return { ok: false, problem: `${start.toFormat('LLLL yyyy', { locale: 'en-GB' })} has not begun yet.` };
    const next = start.plus({ months: 1 });
    const name = start.toFormat('LLLL yyyy', { locale: 'en-GB' });
    return next > end
      ? { ok: true, period: { from: iso(start), to: iso(end), words: `${name} so far` } }
      : { ok: true, period: { from: iso(start), to: iso(next), words: name } };
  }
  return { ok: false, problem: `I cannot read “${input.trim()}” as a period.` };
}

function lastDays(count: number, end: DateTime): StatsPeriod {
  // calendar days in the organisation's zone: across a clock change a day is 23 or 25 hours
  const start = end.minus({ days: count });
  return { from: iso(start), to: iso(end), words: count === 1 ? 'the last day' : `the last ${count} days` };
}

function iso(moment: DateTime): string {
  return moment.toUTC().toISO() as string;
}
