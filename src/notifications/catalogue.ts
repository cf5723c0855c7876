import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';

export const CUSTOMER_LANGUAGES = ['en', 'es'] as const;

/**
 * Message catalogues for customer-facing text sent outside a conversation: `<dir>/<language>.json` for each
 * language. The translator for a language the catalogue lacks is English's.
 */
export function loadCatalogue(dir: URL): (language: string) => TFunction {
  const translators = new Map<string, TFunction>();
  for (const language of CUSTOMER_LANGUAGES) {
    const resources = JSON.parse(readFileSync(new URL(`${language}.json`, dir), 'utf8')) as Record<string, string>;
    const instance = i18next.createInstance();
    void instance.init({
      lng: language,
      resources: { [language]: { translation: resources } },
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    translators.set(language, instance.t.bind(instance));
  }
  return (language) => translators.get(language.slice(0, 2).toLowerCase()) ?? (translators.get('en') as TFunction);
}
