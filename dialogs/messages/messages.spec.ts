import { describe, expect, it } from '@jest/globals';
import { CATALOGUES, languageOfLocale, Messages } from './messages.js';

/** Every leaf of a catalogue as `path → value`. */
function leaves(node: unknown, path = ''): Map<string, unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return new Map([[path, node]]);
  return new Map(
    Object.entries(node).flatMap(([key, value]) => [...leaves(value, path ? `${path}.${key}` : key)]),
  );
}

const en = leaves(CATALOGUES.en);
const es = leaves(CATALOGUES.es);
const texts = [...en, ...es].filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe(Messages.name, () => {
  it('has the same keys in English and Spanish', () => {
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of en) expect({ key, placeholders: placeholders(es.get(key)) }).toEqual({ key, placeholders: placeholders(text) });
  });

  it('has no empty word lists', () => {
    for (const [key, value] of [...en, ...es]) {
      if (Array.isArray(value)) expect({ key, empty: value.length === 0 }).toEqual({ key, empty: false });
    }
  });

  it('writes plain text: no Markdown, HTML or emoji, which SMS would show raw', () => {
    // the one link: Web Chat shows it as a link, and the SMS adapter writes it as "text (address)"
    const withLink = (key: string) => key === 'messages.help.code';
    for (const [, text] of texts.filter(([key]) => withLink(key))) expect(text).toMatch(/^[^*_`#<>]*\[[^\]]+\]\(\{\{url\}\}\)\.$/);
    for (const [key, text] of texts.filter(([key]) => !withLink(key))) expect({ key, text }).toEqual({ key, text: expect.not.stringMatching(/[*_`#<>[\]]|\p{Extended_Pictographic}/u) });
  });

  it('keeps sentences short', () => {
    for (const [key, text] of texts) {
      for (const sentence of text.split(/(?<=[.?!:])\s+/)) expect({ key, long: sentence.split(/\s+/).length > 25 }).toEqual({ key, long: false });
    }
  });

  it('words a message in the language asked for, placeholders filled, nothing HTML-escaped', () => {
    const messages = new Messages();
    expect(messages.text('en', 'help.route', { label: 'Email', value: 'a&b@example.com' })).toBe('Email: a&b@example.com');
    expect(messages.text('es', 'menu.file')).toBe('Poner una queja');
    expect(messages.text('en', 'status.throttled', { count: 1 })).toBe('There have been too many tries. Please try again in 1 minute.');
    expect(messages.text('es', 'status.throttled', { count: 15 })).toContain('dentro de 15 minutos');
  });

  it.each([
    ['es-ES', 'es'],
    ['es', 'es'],
    ['ES-mx', 'es'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    [undefined, 'en'],
  ])('takes %s as %s', (locale, language) => {
    expect(languageOfLocale(locale)).toBe(language);
  });
});
