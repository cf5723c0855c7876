import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { ClockSpec } from './code-of-conduct.schema.js';

/** Two years without a business day means the clock is misconfigured, not that we should keep looking. */
const MAX_DAYS_SCANNED = 2 * 366;
const DAY_MS = 86_400_000;
/**
 * Days a calendar keeps before it starts again: about 27 years, far more than the deadlines of one period touch, so a
 * long-running server never holds an ever-growing cache.
 */
const MAX_CACHED_DAYS = 10_000;

/** The part of a business day during which the clock runs. */
export interface CountedSpan {
  startMs: number;
  endMs: number;
}

/**
 * One local day of a clock's calendar, worked out once with luxon (the source of truth for the zone's rules and
 * offsets) and kept: deadline maths then walks these days instead of asking the zone for offsets day after day.
 */
export interface CalendarDay {
  /** Local midnight in the clock's zone (01:00 where a DST change skips midnight). */
  readonly date: DateTime;
  readonly startMs: number;
  /** The next local day's start: 23, 24 or 25 hours later (or other lengths in zones that moved by other amounts). */
  readonly endMs: number;
  readonly business: boolean;
  /** Working hours on a business day, or the whole day when the clock has none; undefined on other days. */
  readonly span: CountedSpan | undefined;
  /**
   * When a business day's duty ends: the close of working hours, or the last millisecond of the day
   * (23:59:59.999 local) so that a deadline still reads as falling on that day. Only on business days.
   */
  readonly closeMs: number | undefined;
}

/** A business day: its clock runs for `span`, and its duty ends at `closeMs`. */
export interface BusinessDay extends CalendarDay {
  readonly business: true;
  readonly span: CountedSpan;
  readonly closeMs: number;
}

const isBusinessDay = (day: CalendarDay): day is BusinessDay => day.business;

/** A local date as a whole number (days from 1970-01-01 on the proleptic calendar), the key of a cached day. */
const dateKey = (date: DateTime) => Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;

interface CachedDay extends CalendarDay {
  next?: CachedDay;
}

/** Which local days are business days for one clock, and which part of each of them counts. */
export class BusinessCalendar {
  readonly zone: string;
  private readonly workingDays: ReadonlySet<number>;
  private readonly holidays?: Holidays;
  private readonly holidayTypes: ReadonlySet<string>;
  private readonly holidayDates = new Set<string>();
  private readonly loadedYears = new Set<number>();
  private readonly days = new Map<number, CachedDay>();

  constructor(
    private readonly spec: ClockSpec,
    private readonly maxCachedDays = MAX_CACHED_DAYS,
  ) {
    this.zone = spec.timeZone;
    this.workingDays = new Set(spec.workingDays);
    this.holidayTypes = new Set(spec.holidays?.types ?? []);
    if (spec.holidays) {
      const { country, region } = spec.holidays;
      // holidays fall on local dates of the clock's zone, whatever zone the country data defaults to
      this.holidays = new Holidays(region ? { country, state: region } : { country }, { timezone: this.zone });
    }
  }

  /** The local day that contains the instant. */
  dayOf(instant: Date | number): CalendarDay {
    const ms = typeof instant === 'number' ? instant : instant.getTime();
    // whatever the zone's offset (under a day), the local date is the UTC date or one either side of it
    const utcKey = Math.floor(ms / DAY_MS);
    for (const key of [utcKey, utcKey - 1, utcKey + 1]) {
      const day = this.days.get(key);
      if (day && day.startMs <= ms && ms < day.endMs) return day;
    }
    return this.dayStarting(DateTime.fromMillis(ms, { zone: this.zone }).startOf('day'));
  }

  nextDay(day: CalendarDay): CalendarDay {
    const cached = day as CachedDay;
    if (cached.next) return cached.next;
    // startOf again: in zones whose DST change happens at midnight, plus({days:1}) may not land on 00:00
    const next = this.dayStarting(day.date.plus({ days: 1 }).startOf('day'));
    cached.next = next;
    return next;
  }

  isHoliday(date: DateTime): boolean {
    if (!this.holidays) return false;
    this.loadYear(date.year - 1);
    this.loadYear(date.year);
    return this.holidayDates.has(date.toISODate() ?? '');
  }

  /** The first business day strictly after `day`. */
  nextBusinessDay(day: CalendarDay): BusinessDay {
    let candidate = this.nextDay(day);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1) {
      if (isBusinessDay(candidate)) return candidate;
      candidate = this.nextDay(candidate);
    }
    throw new Error(`Clock in ${this.zone} has no business day within ${MAX_DAYS_SCANNED} days of ${day.date.toISODate()}`);
  }

  /** `day` itself if it is a business day, else the next one. */
  businessDayOnOrAfter(day: CalendarDay): BusinessDay {
    return isBusinessDay(day) ? day : this.nextBusinessDay(day);
  }

  /** The day that starts at local midnight `date`, from the cache or worked out now. */
  private dayStarting(date: DateTime): CachedDay {
    const key = dateKey(date);
    const cached = this.days.get(key);
    if (cached) return cached;
    if (this.days.size >= this.maxCachedDays) this.days.clear();
    const day = this.workOut(date);
    this.days.set(key, day);
    return day;
  }

  private workOut(date: DateTime): CachedDay {
    const startMs = date.toMillis();
    const endMs = date.plus({ days: 1 }).startOf('day').toMillis();
    const business = this.workingDays.has(date.weekday) && !this.isHoliday(date);
    if (!business) return { date, startMs, endMs, business, span: undefined, closeMs: undefined };
    const hours = this.spec.workingHours;
    const span = hours ? { startMs: this.timeOn(date, hours.start, endMs), endMs: this.timeOn(date, hours.end, endMs) } : { startMs, endMs };
    const closeMs = hours && hours.end !== '24:00' ? span.endMs : date.endOf('day').toMillis();
    return { date, startMs, endMs, business, span, closeMs };
  }

  private timeOn(date: DateTime, hhmm: string, nextDayMs: number): number {
    if (hhmm === '24:00') return nextDayMs;
    const [hour, minute] = hhmm.split(':').map(Number);
    return date.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  }

  private loadYear(year: number): void {
    if (!this.holidays || this.loadedYears.has(year)) return;
    this.loadedYears.add(year);
    for (const holiday of this.holidays.getHolidays(year)) {
      if (!this.holidayTypes.has(holiday.type)) continue;
      // a part-day holiday (Christmas Eve from 14:00 in some countries) takes the whole day off the clock
      const zone = this.zone;
      const last = DateTime.fromMillis(holiday.end.getTime() - 1, { zone }).startOf('day');
      for (let day = DateTime.fromJSDate(holiday.start, { zone }).startOf('day'); day <= last; day = day.plus({ days: 1 }).startOf('day')) {
        this.holidayDates.add(day.toISODate() ?? '');
      }
    }
  }
}
