import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { LANGUAGES as DIALOG_LANGUAGES, Messages, type MessageKey } from '../../dialogs/messages/messages.js';
import { setUp } from '../../dialogs/testing/fixtures.js';
import type { Requester } from '../../src/complaints/customer-desk/customer-desk.js';
import { carrierKeyword } from './carrier-keywords.js';

const LANGUAGES = [
  { language: 'en', first: 'Hi', story: 'The parcel never came', phone: '+447911123456', wrongProof: '0000' },
  { language: 'es', first: 'español', story: 'El paquete nunca llegó', phone: '+34612345678', wrongProof: '0000' },
] as const;

/**
 * Every choice the dialogs offer over SMS, as the customer sees it, in each language: the menu, the topics, how to
 * be kept updated, consent, the summary, the offer of a person after too many tries, and yes or no to a proposal.
 */
async function choicesOfferedBySms(language: (typeof LANGUAGES)[number]): Promise<string[]> {
  const { desk, chat } = setUp();
  const number = '+447700900999';
  const texter = chat({ channel: 'sms', id: number, locale: '' });
  const stranger: Requester = { key: 'sms:+447000000001', channel: 'sms' };
  const theirs = await desk.fileComplaint({
    requester: stranger,
    contact: { kind: 'phone', value: '+447000000001' },
    language: language.language,
    category: 'delivery',
    description: 'Not ours to see.',
  });
  const say = (...texts: string[]) => texts.reduce((done, text) => done.then(() => texter.says(text)), Promise.resolve(''));
  await say(language.first, '1', language.story, '1', 'yesterday', 'A refund', '2', language.phone, '1', '1');
  const [own] = await desk.casesOf({ key: `sms:${number}`, channel: 'sms' });
  await say('2', theirs.reference, language.wrongProof, theirs.reference, language.wrongProof, theirs.reference, language.wrongProof);
  await say('2');
  desk.propose(own, 'A refund of the delivery charge', 'The courier lost it.');
  await say(language.language === 'en' ? 'hmm, maybe' : 'mmm, quizás');
  return [...new Set(texter.transcript.flatMap((activity) => activity.suggestedActions?.actions.map((action) => action.title) ?? []))];
}

describe('choices offered over SMS', () => {
  it.each(LANGUAGES)('are never a carrier keyword, in $language', async (language) => {
    const titles = await choicesOfferedBySms(language);
    expect(titles.filter((title) => carrierKeyword(title) !== undefined)).toEqual([]);
    // every kind of choice was reached, so nothing escaped the check
    const expected =
      language.language === 'en'
        ? ['Make a complaint', 'How it works', 'Delivery', 'A phone number', 'Yes', 'No', 'Send it', "Don't send it", 'Not now']
        : ['Poner una queja', 'Cómo funciona', 'Entrega', 'Un número de teléfono', 'Sí', 'No', 'Enviarla', 'No enviarla', 'Ahora no'];
    expect(titles).toEqual(expect.arrayContaining(expected));
  });

  it('are never a carrier keyword, for every catalogue label a dialog offers as a choice, in every language', () => {
    // every `{ value, key }` choice in the dialogs' sources; of `key: carrierKeywords ? A : B`, the one SMS gets
    const dir = new URL('../../dialogs/', import.meta.url);
    const sources = readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
    const keys = sources.flatMap((name) =>
      [...readFileSync(new URL(name, dir), 'utf8').matchAll(/\{\s*value:\s*'[^']*',\s*key:\s*(?:carrierKeywords\s*\?\s*'([^']+)'\s*:\s*'[^']+'|'([^']+)')/g)].map(
        (match) => (match[1] ?? match[2]) as MessageKey,
      ),
    );
    expect(keys.length).toBeGreaterThanOrEqual(20);
    expect(keys).toEqual(expect.arrayContaining(['menu.howItWorks', 'intake.cancel', 'intake.contactHere', 'status.notNow']));
    const messages = new Messages();
    // worded for SMS where a text has its own words for a channel (i18next context), as the dialogs ask for it
    const labels = keys.flatMap((key) => DIALOG_LANGUAGES.map((language) => ({ key, language, label: messages.text(language, key, { context: 'sms' }) })));
    expect(labels.filter(({ label }) => carrierKeyword(label) !== undefined)).toEqual([]);
  });
});
