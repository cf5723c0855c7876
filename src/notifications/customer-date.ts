/**
 * A date as customers read it: "Monday 30 March" in the organisation's time zone, with the year ("Monday 4 January
 * 2027") when it is not in the year of `now`. Customers who speak the organisation's language get its conventions
 * (en-GB, not en-US); others get their language's.
 */
export function customerDate(
  iso: string,
  language: string,
  organisation: { locale: string; timeZone: string },
  now: Date = new Date(),
): string {
  const locale = organisation.locale.startsWith(language) ? organisation.locale : language;
  const year = (instant: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: organisation.timeZone }).format(instant);
  const date = new Date(iso);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(year(date) === year(now) ? {} : { year: 'numeric' }),
    timeZone: organisation.timeZone,
  }).format(date);
}
