import { customerDate } from '../../notifications/customer-date.js';

/**
 * The last moment a survey takes answers, as the customer reads it: the time and the date on the customers' clock
 * ("08:00", "Thursday 12 March"). The time is given because a survey expires at the hour it was sent, not at midnight.
 */
export function answerBy(iso: string, language: string, organisation: { locale: string; timeZone: string }, now: Date): { time: string; date: string } {
  const locale = organisation.locale.startsWith(language) ? organisation.locale : language;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: organisation.timeZone }).format(new Date(iso));
  return { time, date: customerDate(iso, language, organisation, now) };
}
