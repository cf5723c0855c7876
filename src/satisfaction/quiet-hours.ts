import { DateTime, Duration } from 'luxon';

export interface QuietHours {
  /** HH:MM: no message from this time... */
  from: string;
  /** ...until this time, the next day when it is earlier than `from`. */
  until: string;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The first instant at or after `at` that is outside the quiet hours, read on the wall clock of `timeZone`. */
export function outsideQuietHours(at: Date, quiet: QuietHours, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const from = minutesOf(quiet.from);
  const until = minutesOf(quiet.until);
  const overnight = from > until;
  const quietNow = overnight ? minute >= from || minute < until : minute >= from && minute < until;
  if (!quietNow) return at;
  // Quiet hours that began yesterday evening end this morning; any others end today or, past midnight, tomorrow.
  const endsTomorrow = overnight && minute >= from;
  const end = local.startOf('day').plus({ days: endsTomorrow ? 1 : 0 }).set({ hour: Math.floor(until / 60), minute: until % 60 });
  return end.toJSDate();
}

/** `at` plus an ISO 8601 duration, on the wall clock of `timeZone`, so that P1D across a clock change is a day. */
export function after(at: Date, duration: string, timeZone: string): Date {
  return DateTime.fromJSDate(at, { zone: timeZone }).plus(Duration.fromISO(duration)).toJSDate();
}
