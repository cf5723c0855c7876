import type { ContactRoute } from '../../src/conduct/code-of-conduct.schema.js';
import { fitsOneSegment } from './sms-segments.js';

export type ListLanguage = 'en' | 'es';

/** The words around a numbered list of choices, in the languages the dialogs speak. */
const LIST_WORDS: Record<ListLanguage, { reply: string; for: string; or: string; withNumber: string }> = {
  en: { reply: 'Reply', for: 'for', or: 'or', withNumber: 'Reply with a number:' },
  es: { reply: 'Responda', for: 'para', or: 'o', withNumber: 'Responda con un número:' },
};

export function listLanguage(locale: string | undefined): ListLanguage {
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

/**
 * The words of the answers to carrier keywords, in the languages the dialogs speak. The Spanish avoids á, í, ó and ú,
 * which are not in GSM-7: one of them would make the confirmation of a STOP two texts instead of one.
 */
const KEYWORD_WORDS: Record<ListLanguage, {
  optedOut: string;
  optedIn: string;
  help: string;
  otherWays: string;
  promises: string;
  stop: string;
  turnFailed: string;
}> = {
  en: {
    optedOut: 'you will get no more texts from us on this number. Reply START to get them again.',
    optedIn: 'you will get our texts again. Send any message to make or check a complaint. Reply STOP to stop.',
    help: '{} complaints. To make a complaint or check on one, send any message here and answer the questions.',
    otherWays: 'Other ways to complain:',
    promises: 'Our promises about complaints:',
    stop: 'Reply STOP to get no more texts.',
    turnFailed: 'Sorry, something went wrong on our side. Please send your last message again in a moment.',
  },
  es: {
    optedOut: 'ya no le enviaremos mensajes. Responda START para volver a recibirlos.',
    optedIn: 'volveremos a enviarle mensajes. Escriba cualquier mensaje para poner o consultar una queja. Responda STOP para dejar de recibirlos.',
    help: 'Quejas de {}. Para poner una queja o consultar una, escriba cualquier mensaje y responda a las preguntas.',
    otherWays: 'Otras formas de quejarse:',
    promises: 'Nuestros compromisos sobre las quejas:',
    stop: 'Responda STOP para dejar de recibir mensajes.',
    turnFailed: 'Lo sentimos, algo ha fallado por nuestra parte. Vuelva a enviar su ultimo mensaje dentro de un momento.',
  },
};

/*
 * Answers to carrier keywords, in the language the customer last used with us, English for a number never heard
 * from. The keywords themselves stay as carriers know them (STOP, START), whatever the language.
 */

export function optedOutText(organisation: string, language: ListLanguage = 'en'): string {
  return `${organisation}: ${KEYWORD_WORDS[language].optedOut}`;
}

export function optedInText(organisation: string, language: ListLanguage = 'en'): string {
  return `${organisation}: ${KEYWORD_WORDS[language].optedIn}`;
}

export function helpText(organisation: string, routes: ContactRoute[], codeOfConductUrl: string, language: ListLanguage = 'en'): string {
  const words = KEYWORD_WORDS[language];
  const other = routes.map((route) => `${route.label}: ${route.value}.`).join('\n');
  return [
    words.help.replace('{}', organisation),
    other ? `${words.otherWays}\n${other}` : '',
    `${words.promises} ${codeOfConductUrl}`,
    words.stop,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The apology for a turn that failed on our side, in the language the customer last used with us. */
export function turnFailedText(language: ListLanguage = 'en'): string {
  return KEYWORD_WORDS[language].turnFailed;
}
