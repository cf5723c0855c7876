import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Language } from './messages/messages.js';
import { mentionsDontKnow } from './words.js';

export type OccurredOnReading =
  | { kind: 'date'; date: string }
  | { kind: 'unknown' }
  | { kind: 'unclear' }
  | { kind: 'future' };

/** British English reads 3/4 as 3 April, as the default organisation's customers do. */
const PARSERS: Record<Language, chrono.Chrono> = { en: chrono.en.GB, es: chrono.es.casual };

/**
 * Understands "yesterday", "last Tuesday", "3 March", "ayer", "el martes pasado" as a calendar date in the
 * organisation's time zone, trying the chat's language first. A complaint is about the past, so a date that only
 * looks future because its year or week was left out ("30 March" said on 26 March) is taken as the one before.
 */
export function readOccurredOn(text: string, now: Date, timeZone: string, language: Language): OccurredOnReading {
  if (text.trim() === '') return { kind: 'unclear' };
  const here = DateTime.fromJSDate(now, { zone: timeZone });
  // chrono reads the reference in the process's own zone; give it the organisation's wall-clock time instead.
  const reference = new Date(here.year, here.month - 1, here.day, here.hour, here.minute);
  const order: Language[] = language === 'es' ? ['es', 'en'] : ['en', 'es'];
  const found = order.map((l) => PARSERS[l].parse(text, reference, { forwardDate: false })[0]).find(Boolean);
  if (!found) return mentionsDontKnow(text) ? { kind: 'unknown' } : { kind: 'unclear' };

  const start = found.start;
  let date = DateTime.fromObject(
    { year: start.get('year') ?? here.year, month: start.get('month') ?? here.month, day: start.get('day') ?? here.day },
    { zone: 'UTC' },
  );
  if (!date.isValid) return { kind: 'unclear' };
  const today = here.toISODate() ?? '';
  if ((date.toISODate() ?? '') > today) {
    if (!start.isCertain('year') && start.isCertain('day')) date = date.minus({ years: 1 });
    else if (!start.isCertain('day') && start.isCertain('weekday')) date = date.minus({ weeks: 1 });
  }
  const iso = date.toISODate() ?? '';
  return iso > today ? { kind: 'future' } : { kind: 'date', date: iso };
}
