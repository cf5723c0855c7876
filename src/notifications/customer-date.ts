/** Intl.DateTimeFormat takes far longer to build than to format, and the same few are asked for every message. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    // languages and zones come from the code of conduct and the customers' languages: a handful in practice
    if (formats.size >= 256) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/**
 * A date as customers read it: "Monday 30 March" in the organisation's time zone, with the year ("Monday, 4 January
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
  const years = formatFor('en', { year: 'numeric', timeZone: organisation.timeZone });
  const date = new Date(iso);
  const sameYear = years.format(date) === years.format(now);
  return formatFor(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: organisation.timeZone,
  }).format(date);
}
