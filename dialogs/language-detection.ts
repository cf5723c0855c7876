import { francAll } from 'franc-min';
import { recogniseIntent } from './intents.js';
import type { Language } from './messages/messages.js';
import { normalise } from './words.js';

const FRANC_CODES: Record<string, Language> = { eng: 'en', spa: 'es' };

/**
 * Short words that mark a language, and that the other one does not use: trigrams alone read "My parcel never came"
 * as Spanish, so a switch also needs a few of these and hardly any of the other language's.
 */
const MARKERS: Record<Language, Set<string>> = {
  en: new Set(
    'the and of to is was were my your our it this that with have has had not never did does for from they we you what when why how but been'.split(' '),
  ),
  es: new Set(
    ('el la los las del que y en mi mis su sus un una por para con es esta estan pero nunca porque cuando como muy ya ' +
      'hola quiero gracias han ha hay nadie todavia tengo tiene fue pedido queja dinero llego')
      .split(' '),
  ),
};

/** Less certain than this, and trigrams are no evidence at all: the runner-up's score, the winner's being 1. */
const RUNNER_UP_MAX = 0.85;
const MARKERS_MIN = 2;

/** Addresses, numbers and references say nothing about a language and skew trigrams. */
function wordsOnly(text: string): string {
  return text.replace(/\S+@\S+|https?:\/\/\S+|\S*\d\S*/g, ' ');
}

/**
 * The language a customer's message is written in, when it says so clearly: a request in one language's words
 * ("hola, quiero poner una queja"), or a sentence both franc's trigrams and the language's own little words agree on.
 * Names, dates, numbers, addresses and one-word answers say nothing, so they never switch the chat.
 */
export function detectLanguage(text: string): Language | undefined {
  const intent = recogniseIntent(text);
  if (intent?.language) return intent.language;
  const words = wordsOnly(text);
  const tokens = normalise(words).split(' ').filter(Boolean);
  const count = (language: Language) => tokens.filter((token) => MARKERS[language].has(token)).length;
  const [best, runnerUp] = francAll(words, { only: Object.keys(FRANC_CODES), minLength: 10 });
  const language = best && FRANC_CODES[best[0]];
  if (!language || (runnerUp && runnerUp[1] > RUNNER_UP_MAX)) return undefined;
  const other: Language = language === 'en' ? 'es' : 'en';
  const own = count(language);
  return own >= MARKERS_MIN && count(other) * 2 < own ? language : undefined;
}
