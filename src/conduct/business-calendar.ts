import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { ClockSpec } from './code-of-conduct.schema.js';

/** Two years without a business day means the clock is misconfigured, not that we should keep looking. */
const MAX_DAYS_SCANNED = 2 * 366;

/** The part of a business day during which the clock runs. */
export interface CountedSpan {
  startMs: number;
  endMs: number;
}

/**
 * Which local days are business days for one clock, and which part of each of them counts.
 * Days are luxon DateTimes at local midnight in the clock's zone.
 */
export class BusinessCalendar {
  readonly zone: string;
  private readonly workingDays: ReadonlySet<number>;
  private readonly holidays?: Holidays;
  private readonly holidayTypes: ReadonlySet<string>;
  private readonly holidayDates = new Set<string>();
  private readonly loadedYears = new Set<number>();

  constructor(private readonly spec: ClockSpec) {
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
  dayOf(instant: Date | number): DateTime {
    const at = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone: this.zone }) : DateTime.fromJSDate(instant, { zone: this.zone });
    return at.startOf('day');
  }

  nextDay(day: DateTime): DateTime {
    // startOf again: in zones whose DST change happens at midnight, plus({days:1}) may not land on 00:00
    return day.plus({ days: 1 }).startOf('day');
  }

  isHoliday(day: DateTime): boolean {
    if (!this.holidays) return false;
    this.loadYear(day.year - 1);
    this.loadYear(day.year);
    return this.holidayDates.has(day.toISODate() ?? '');
  }

  isBusinessDay(day: DateTime): boolean {
    return this.workingDays.has(day.weekday) && !this.isHoliday(day);
  }

  /** The first business day strictly after `day`. */
  nextBusinessDay(day: DateTime): DateTime {
    let candidate = this.nextDay(day);
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1) {
      if (this.isBusinessDay(candidate)) return candidate;
      candidate = this.nextDay(candidate);
    }
    throw new Error(`Clock in ${this.zone} has no business day within ${MAX_DAYS_SCANNED} days of ${day.toISODate()}`);
  }

  /** `day` itself if it is a business day, else the next one. */
  businessDayOnOrAfter(day: DateTime): DateTime {
    return this.isBusinessDay(day) ? day : this.nextBusinessDay(day);
  }

  /** Working hours on a business day, or the whole day when the clock has none; undefined on other days. */
  countedSpan(day: DateTime): CountedSpan | undefined {
    if (!this.isBusinessDay(day)) return undefined;
    const hours = this.spec.workingHours;
    if (!hours) return { startMs: day.toMillis(), endMs: this.nextDay(day).toMillis() };
    return { startMs: this.timeOn(day, hours.start).toMillis(), endMs: this.timeOn(day, hours.end).toMillis() };
  }

  /**
   * When a business day's duty ends: the close of working hours, or the last millisecond of the day
   * (23:59:59.999 local) so that a deadline still reads as falling on that day.
   */
  closeOf(day: DateTime): DateTime {
    const hours = this.spec.workingHours;
    return hours && hours.end !== '24:00' ? this.timeOn(day, hours.end) : day.endOf('day');
  }

  private timeOn(day: DateTime, hhmm: string): DateTime {
    if (hhmm === '24:00') return this.nextDay(day);
    const [hour, minute] = hhmm.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 });
  }

  private loadYear(year: number): void {
    if (!this.holidays || this.loadedYears.has(year)) return;
    this.loadedYears.add(year);
    for (const holiday of this.holidays.getHolidays(year)) {
      if (!this.holidayTypes.has(holiday.type)) continue;
      // a part-day holiday (Christmas Eve from 14:00 in some countries) takes the whole day off the clock
      const last = this.dayOf(holiday.end.getTime() - 1);
      for (let day = this.dayOf(holiday.start); day <= last; day = this.nextDay(day)) {
        this.holidayDates.add(day.toISODate() ?? '');
      }
    }
  }
}
