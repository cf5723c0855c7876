/**
 * A date as customers read it: "Monday 30 March" in the organisation's time zone. Customers who speak the
 * organisation's language get its conventions (en-GB, not en-US); others get their language's.
 */
export function customerDate(iso: string, language: string, organisation: { locale: string; timeZone: string }): string {
  const locale = organisation.locale.startsWith(language) ? organisation.locale : language;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: organisation.timeZone }).format(
    new Date(iso),
  );
}
