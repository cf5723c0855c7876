import type { ContactRoute } from '../../src/conduct/code-of-conduct.schema.js';
import { fitsOneSegment } from './sms-segments.js';

type ListLanguage = 'en' | 'es';

/** The words around a numbered list of choices, in the languages the dialogs speak. */
const LIST_WORDS: Record<ListLanguage, { reply: string; for: string; or: string; withNumber: string }> = {
  en: { reply: 'Reply', for: 'for', or: 'or', withNumber: 'Reply with a number:' },
  es: { reply: 'Responda', for: 'para', or: 'o', withNumber: 'Responda con un número:' },
};

function listLanguage(locale: string | undefined): ListLanguage {
  const primary = locale?.split(/[-_]/)[0]?.toLowerCase();
  return primary === 'es' ? 'es' : 'en';
}

/**
 * "Reply 1 for Delivery, 2 for Billing or 3 for Service." in the activity's language, English when it has none.
 * A list too long for one text goes one choice a line instead, so that it is split between choices, not inside one.
 */
export function numberedChoices(titles: string[], locale?: string): string {
  const words = LIST_WORDS[listLanguage(locale)];
  const items = titles.map((title, index) => `${index + 1} ${words.for} ${title}`);
  const listed = items.length > 1 ? `${items.slice(0, -1).join(', ')} ${words.or} ${items[items.length - 1]}` : items[0];
  const sentence = `${words.reply} ${listed}.`;
  if (fitsOneSegment(sentence)) return sentence;
  return [words.withNumber, ...titles.map((title, index) => `${index + 1}: ${title}`)].join('\n');
}

/*
 * Answers to carrier keywords. They are in English: they may come before any conversation, when we do not know the
 * customer's language, and carriers expect the keywords themselves in English.
 */

export function optedOutText(organisation: string): string {
  return `${organisation}: you will get no more texts from us on this number. Reply START to get them again.`;
}

export function optedInText(organisation: string): string {
  return `${organisation}: you will get our texts again. Send any message to make or check a complaint. Reply STOP to stop.`;
}

export function helpText(organisation: string, routes: ContactRoute[], codeOfConductUrl: string): string {
  const other = routes.map((route) => `${route.label}: ${route.value}.`).join('\n');
  return [
    `${organisation} complaints. To make a complaint or check on one, send any message here and answer the questions.`,
    other ? `Other ways to complain:\n${other}` : '',
    `Our promises about complaints: ${codeOfConductUrl}`,
    'Reply STOP to get no more texts.',
  ]
    .filter(Boolean)
    .join('\n');
}

export const TURN_FAILED_TEXT = 'Sorry, something went wrong on our side. Please send your last message again in a moment.';
