import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar.js';
import type { ClockSpec, Target } from './code-of-conduct.schema.js';

/*
 * How each kind of clock counts (all local times are in the clock's own time zone, via luxon):
 *
 * calendar: hours are real elapsed hours. Days, weeks (7 days) and months (luxon month arithmetic, clamped to the
 *   month's last day) keep the local wall-clock time, so a day across a DST change lasts 23 or 25 real hours.
 *   Elapsed clock time is real time; a pause adds its real duration.
 *
 * business_days: the day of receipt never counts, whether or not it is a business day and whatever the hour:
 *   n days end at the close of the n-th business day after the local day of receipt. Close is the end of working
 *   hours if the clock has them, else 23:59:59.999. This is FCA DISP 1.5's "close of business on the third business
 *   day following the day on which it is received"; old FCA guidance allowed (never required) treating a weekend or
 *   after-hours complaint as received on the next business day, so the stricter reading satisfies both.
 *   Weeks and months are calendar periods, not 5 business days a week (FCA "8 weeks" is 56 days): the period ends at
 *   the close of the same-numbered local day, moved to the close of the next business day if that day is not one.
 *   Hours count business-day time only: working hours if given, else whole business days.
 *   A pause adds one business day for every business-day close that passes while paused, so a deadline at a close
 *   stays at a close.
 *
 * business_hours: only working hours on working, non-holiday days count. Hours advance through working time; days,
 *   weeks and months as on business_days. A pause adds the working time that passed while paused.
 *
 * On every clock a deadline that had already passed when the pause began stays where it was: a breach is not undone.
 */

const HOUR_MS = 3_600_000;
/** Ten years of days: longer than any promise, short enough to stop a misconfigured clock looping for ever. */
const MAX_DAYS_SCANNED = 3660;

/** How one clock of the code of conduct counts time towards its promises' deadlines (not what time it is now). */
export interface DeadlineClock {
  readonly spec: ClockSpec;
  /** The deadline `target` after `start`. */
  add(start: Date, target: Target): Date;
  /** Clock time in milliseconds that runs between two instants; 0 unless `to` is after `from`. */
  elapsed(from: Date, to: Date): number;
  /** The instant at which `clockMs` of clock time has run since `from`. */
  advance(from: Date, clockMs: number): Date;
  /** `deadline` pushed back by the clock time that ran while the complaint was paused. */
  extend(deadline: Date, pausedFrom: Date, resumedAt: Date): Date;
}

export function createDeadlineClock(spec: ClockSpec): DeadlineClock {
  switch (spec.kind) {
    case 'calendar':
      return new CalendarDeadlineClock(spec);
    case 'business_days':
      return new BusinessDeadlineClock(spec, 'close_per_day');
    case 'business_hours':
      return new BusinessDeadlineClock(spec, 'working_time');
  }
}

function checkPause(pausedFrom: Date, resumedAt: Date): void {
  if (resumedAt.getTime() < pausedFrom.getTime()) {
    throw new RangeError(`Pause resumes (${resumedAt.toISOString()}) before it began (${pausedFrom.toISOString()})`);
  }
}

class CalendarDeadlineClock implements DeadlineClock {
  constructor(readonly spec: ClockSpec) {}

  add(start: Date, { amount, unit }: Target): Date {
    if (unit === 'hours') return new Date(start.getTime() + amount * HOUR_MS);
    return DateTime.fromJSDate(start, { zone: this.spec.timeZone })
      .plus({ [unit]: amount })
      .toJSDate();
  }

  elapsed(from: Date, to: Date): number {
    return Math.max(0, to.getTime() - from.getTime());
  }

  advance(from: Date, clockMs: number): Date {
    return new Date(from.getTime() + Math.max(0, clockMs));
  }

  extend(deadline: Date, pausedFrom: Date, resumedAt: Date): Date {
    checkPause(pausedFrom, resumedAt);
    if (deadline.getTime() <= pausedFrom.getTime()) return deadline;
    return new Date(deadline.getTime() + (resumedAt.getTime() - pausedFrom.getTime()));
  }
}

type PauseRule = 'close_per_day' | 'working_time';

class BusinessDeadlineClock implements DeadlineClock {
  private readonly calendar: BusinessCalendar;

  constructor(
    readonly spec: ClockSpec,
    private readonly pauseRule: PauseRule,
  ) {
    this.calendar = new BusinessCalendar(spec);
  }

  add(start: Date, { amount, unit }: Target): Date {
    const calendar = this.calendar;
    switch (unit) {
      case 'hours':
        return this.advance(start, amount * HOUR_MS);
      case 'days': {
        // amounts are whole numbers from 1 (the code of conduct's schema)
        let day = calendar.nextBusinessDay(calendar.dayOf(start));
        for (let counted = 1; counted < amount; counted += 1) day = calendar.nextBusinessDay(day);
        return new Date(day.closeMs);
      }
      case 'weeks':
      case 'months': {
        const periodEnd = DateTime.fromJSDate(start, { zone: calendar.zone })
          .plus({ [unit]: amount })
          .startOf('day');
        return new Date(calendar.businessDayOnOrAfter(calendar.dayOf(periodEnd.toMillis())).closeMs);
      }
    }
  }

  elapsed(from: Date, to: Date): number {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    let total = 0;
    for (let day = this.calendar.dayOf(from); day.startMs < toMs; day = this.calendar.nextDay(day)) {
      const { span } = day;
      if (span) total += Math.max(0, Math.min(span.endMs, toMs) - Math.max(span.startMs, fromMs));
    }
    return total;
  }

  advance(from: Date, clockMs: number): Date {
    if (clockMs <= 0) return new Date(from.getTime());
    const fromMs = from.getTime();
    let remaining = clockMs;
    let day = this.calendar.dayOf(from);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, day = this.calendar.nextDay(day)) {
      const { span } = day;
      if (!span) continue;
      const startMs = Math.max(span.startMs, fromMs);
      const length = span.endMs - startMs;
      if (length <= 0) continue;
      if (remaining <= length) return new Date(startMs + remaining);
      remaining -= length;
    }
    throw new Error(`Clock in ${this.calendar.zone} cannot run ${clockMs} ms from ${from.toISOString()}`);
  }

  extend(deadline: Date, pausedFrom: Date, resumedAt: Date): Date {
    checkPause(pausedFrom, resumedAt);
    if (deadline.getTime() <= pausedFrom.getTime()) return deadline;
    if (this.pauseRule === 'working_time') {
      const moved = this.advance(resumedAt, this.elapsed(pausedFrom, deadline));
      return moved.getTime() > deadline.getTime() ? moved : deadline;
    }
    const crossed = this.closesBetween(pausedFrom, resumedAt);
    if (crossed === 0) return deadline;
    const local = DateTime.fromJSDate(deadline, { zone: this.calendar.zone });
    let day = this.calendar.dayOf(deadline);
    for (let counted = 0; counted < crossed; counted += 1) day = this.calendar.nextBusinessDay(day);
    return day.date
      .set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond })
      .toJSDate();
  }

  /** Business-day closes in (from, to]: a pause that began after a close did not take that day. */
  private closesBetween(from: Date, to: Date): number {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    let count = 0;
    for (let day = this.calendar.dayOf(from); day.startMs <= toMs; day = this.calendar.nextDay(day)) {
      const { closeMs } = day;
      if (closeMs !== undefined && closeMs > fromMs && closeMs <= toMs) count += 1;
    }
    return count;
  }
}
