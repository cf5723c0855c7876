import { localeOf, type Language } from './messages/messages.js';

/** "Monday 30 March" / "lunes, 30 de marzo" in the organisation's zone; the year only when it is not this year's. */
export function promisedDate(iso: string, language: Language, timeZone: string, now: Date): string {
  const year = (date: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(date);
  const due = new Date(iso);
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: year(due) === year(now) ? undefined : 'numeric',
    timeZone,
  }).format(due);
}

/** A calendar date as yyyy-mm-dd, said as "3 March 2026" / "3 de marzo de 2026". */
export function calendarDate(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** The time and day a reply is promised by: { time: "10:00", date: "Monday 9 March" }, in the organisation's zone. */
export function promisedTime(iso: string, language: Language, timeZone: string, now: Date): { time: string; date: string } {
  const time = new Intl.DateTimeFormat(localeOf(language), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
  return { time, date: promisedDate(iso, language, timeZone, now) };
}
