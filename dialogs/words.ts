import { CATALOGUES, LANGUAGES, type Language, type WordList } from './messages/messages.js';

/**
 * Lower case, no accents, no punctuation, single spaces: people type "Español", "espanol" and "¿Ayuda?" for the
 * same thing, and SMS keyboards often drop accents and apostrophes.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Phrases and labels of the assistant's own, normalised: the same few are normalised many times a turn. */
const PHRASES = new Map<string, string>();
const PHRASES_KEPT = 2000;

/**
 * `normalise` for the assistant's own phrases and choice labels (never a customer's words, which are not kept), with
 * the result kept; bounded, though the catalogues and the choices offered hold far fewer.
 */
export function normalisePhrase(phrase: string): string {
  let normalised = PHRASES.get(phrase);
  if (normalised === undefined) {
    normalised = normalise(phrase);
    if (PHRASES.size >= PHRASES_KEPT) PHRASES.clear();
    PHRASES.set(phrase, normalised);
  }
  return normalised;
}

/** Every language's words for a list, normalised: a keyword works whichever language the chat is in. */
function words(list: WordList): Set<string> {
  return new Set(LANGUAGES.flatMap((language) => CATALOGUES[language].words[list].map(normalise)));
}

const FILLERS = [...words('fillers')].sort((a, b) => b.length - a.length);

/** Drops "please", "can I" and the like around a command, so "can I talk to a person please" is still a command. */
function withoutFillers(text: string): string {
  let rest = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const filler of FILLERS) {
      if (rest.startsWith(`${filler} `)) rest = rest.slice(filler.length + 1);
      else if (rest.endsWith(` ${filler}`)) rest = rest.slice(0, -filler.length - 1);
      else continue;
      changed = true;
    }
  }
  return rest;
}

/** Words said around a choice that change nothing about it: "the second one please", "la opción 2". */
const AROUND_A_CHOICE = [...new Set([...FILLERS, ...words('aroundChoice')])].sort((a, b) => b.length - a.length);

/** Nothing but "please", "the", "option" and the like, or nothing at all: what may surround a choice. */
export function isOnlyFillers(text: string): boolean {
  let rest = normalise(text);
  for (let changed = true; changed && rest !== ''; ) {
    changed = false;
    for (const filler of AROUND_A_CHOICE) {
      if (rest === filler) rest = '';
      else if (rest.startsWith(`${filler} `)) rest = rest.slice(filler.length + 1);
      else continue;
      changed = true;
      break;
    }
  }
  return rest === '';
}

export type Command =
  | { kind: 'help' }
  | { kind: 'cancel' }
  | { kind: 'restart' }
  | { kind: 'person' }
  | { kind: 'menu' }
  | { kind: 'language'; language: Language };

const COMMANDS: [Set<string>, Command][] = [
  [words('help'), { kind: 'help' }],
  [words('cancel'), { kind: 'cancel' }],
  [words('restart'), { kind: 'restart' }],
  [words('person'), { kind: 'person' }],
  [words('menu'), { kind: 'menu' }],
  [words('english'), { kind: 'language', language: 'en' }],
  [words('spanish'), { kind: 'language', language: 'es' }],
];

/**
 * A command is the whole message, not a word inside it: "they cancelled my order" is a complaint, not "cancel".
 */
export function recogniseCommand(text: string): Command | undefined {
  const said = withoutFillers(normalise(text));
  return COMMANDS.find(([phrases]) => phrases.has(said))?.[1];
}

/** The whole message, fillers aside, is one of the phrases: "I want to check a complaint" is "Check a complaint". */
export function isPhrase(text: string, phrases: readonly string[]): boolean {
  const said = withoutFillers(normalise(text));
  return phrases.some((phrase) => normalisePhrase(phrase) === said);
}

const ACCEPT = [...words('yes'), ...words('accept')];
const REJECT = [...words('no'), ...words('reject')];
const SKIP = [...words('skip'), ...words('no')];

/**
 * Yes or no to a proposed response, said as the whole message: "yes please", "sí", "no acepto". A longer reply such
 * as "yes but I want more" is neither, because accepting closes the matter for the customer.
 */
export function readAcceptance(text: string): boolean | undefined {
  if (isPhrase(text, ACCEPT)) return true;
  if (isPhrase(text, REJECT)) return false;
  return undefined;
}

/** "skip", "no", or nothing at all, to an optional question. */
export function isSkip(text: string): boolean {
  return text.trim() === '' || isPhrase(text, SKIP);
}

const DONE = [...words('done')];

/** "done", "skip", "no" or nothing: no more files, or none at all. */
export function isDone(text: string): boolean {
  return isSkip(text) || isPhrase(text, DONE);
}

const DONT_KNOW = [...words('dontKnow')];

/** "I don't know" on its own. */
export function isDontKnow(text: string): boolean {
  return DONT_KNOW.includes(normalise(text));
}

/** "I don't know" anywhere, as in "no idea, sorry": for dates, where nothing else in such a reply is a date. */
export function mentionsDontKnow(text: string): boolean {
  const said = ` ${normalise(text)} `;
  return DONT_KNOW.some((phrase) => said.includes(` ${phrase} `));
}

/** Synonyms for a choice in every language, as written and without accents ("sí", "si"). */
export function synonyms(list: 'yes' | 'no'): string[] {
  const written = LANGUAGES.flatMap((language) => CATALOGUES[language].words[list]);
  return [...new Set([...written, ...written.map(normalise)])];
}
