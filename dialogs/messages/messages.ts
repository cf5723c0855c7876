import { createInstance, type i18n } from 'i18next';
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalogue = typeof en;
/** Dotted paths to the texts of a catalogue, so a mistyped key fails the type check rather than the customer. */
type TextKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : T[K] extends object ? TextKeys<T[K], `${Prefix}${K}.`> : never;
}[keyof T & string];
/** i18next picks `_one` / `_other` by `count`; callers name the text without the suffix. */
type Plural<K extends string> = K extends `${infer Base}_one` ? Base : K extends `${string}_other` ? never : K;
export type MessageKey = Plural<TextKeys<Catalogue['messages']>>;
export type WordList = keyof Catalogue['words'];
export type Vars = Record<string, string | number>;

export const CATALOGUES: Record<Language, Catalogue> = { en, es };

/** Locales for dates and for number recognition; British English because the default organisation is in the UK. */
const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es-ES' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** es-*, es → Spanish; anything else, or nothing, → English. */
export function languageOfLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/**
 * The message texts of every language. Each bot has its own i18next instance: the global one would be shared with
 * anything else in the process that configures i18next.
 */
export class Messages {
  private readonly i18n: i18n;
  /**
   * Texts without variables, by language and key: the same few (menu labels, prompts) are asked for many times in
   * every turn, and the catalogues never change while the process runs.
   */
  private readonly plain = new Map<string, string>();

  constructor() {
    this.i18n = createInstance({
      resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGUES[language].messages }])),
      lng: 'en',
      fallbackLng: 'en',
      initAsync: false,
      // Texts go to SMS and plain-text chat, never into HTML.
      interpolation: { escapeValue: false },
    });
    void this.i18n.init();
  }

  text(language: Language, key: MessageKey, vars?: Vars): string {
    if (vars && Object.keys(vars).length > 0) return this.i18n.t(key, { ...vars, lng: language });
    const cacheKey = `${language}:${key}`;
    let text = this.plain.get(cacheKey);
    if (text === undefined) {
      text = this.i18n.t(key, { lng: language });
      this.plain.set(cacheKey, text);
    }
    return text;
  }
}
