import { describe, expect, it } from '@jest/globals';
import { loadProfile } from '../conduct/code-of-conduct.loader.js';
import { PROFILE_NAMES } from '../conduct/code-of-conduct.schema.js';
import { disputeOptions } from './domain/dispute-options.js';
import { disputeTexts, explainOptions } from './dispute-words.js';

const settingsFor = (profile: (typeof PROFILE_NAMES)[number]) => {
  const code = loadProfile(profile);
  return {
    timeZone: 'Europe/London',
    locale: 'en-GB',
    options: (language: string) => disputeOptions(code, language),
    contactRoutes: code.organisation.contactRoutes.map((route) => `${route.label}: ${route.value}`).join('; '),
  };
};

describe(explainOptions.name, () => {
  it.each(PROFILE_NAMES.flatMap((profile) => [[profile, 'en'], [profile, 'es']] as const))(
    '%s in %s leaves room for the question within the ten SMS segments a text may take',
    (profile, language) => {
      const settings = settingsFor(profile);
      const text = explainOptions(settings.options(language), '2027-02-28T11:00:00.000Z', language, settings);
      // six segments: 153 characters each in GSM-7 (plain English, £), 67 in UCS-2 (Spanish accents)
      const gsm = /^[\x20-\x7e\n£]*$/.test(text);
      expect({ gsm: language === 'en' ? gsm : true, length: text.length }).toEqual({ gsm: true, length: expect.any(Number) });
      expect(text.length).toBeLessThanOrEqual(gsm ? 918 : 402);
    },
  );

  it('names the last day with its year in the customer’s language', () => {
    const settings = settingsFor('uk-fca');
    expect(explainOptions(settings.options('en'), '2027-02-28T11:00:00.000Z', 'en', settings)).toContain('The last day to ask them is Sunday, 28 February 2027.');
    expect(explainOptions(settings.options('es'), '2027-02-28T11:00:00.000Z', 'es', settings)).toContain('El último día para pedírselo es el domingo, 28 de febrero de 2027.');
  });

  it('says the CFPB takes complaints at any time, and that an internal review is not independent', () => {
    const cfpb = settingsFor('us-cfpb');
    expect(explainOptions(cfpb.options('en'), null, 'en', cfpb)).toContain('You can ask them at any time.');
    const plain = settingsFor('default');
    expect(explainOptions(plain.options('en'), null, 'en', plain)).toContain('This is not independent: they work for us.');
  });
});

describe(disputeTexts.name, () => {
  it('words an outcome with its remedy and due date, and knows no key outside the family', () => {
    const words = disputeTexts(settingsFor('uk-fca'));
    const variables = { reference: '7K4M-9P2Q', providerId: 'financial-ombudsman-service', outcome: 'upheld', remedy: 'refund £40', remedyDueAt: '2026-06-01T10:00:00.000Z' };
    expect(words('dispute.outcome_recorded', variables, 'en', 'sms', { repliesReachUs: true }, {})?.text).toBe(
      'Financial Ombudsman Service has upheld your complaint 7K4M-9P2Q. We will do what they asked (refund £40) by Monday, 1 June 2026.',
    );
    const offered = { reference: '7K4M-9P2Q', providerId: 'financial-ombudsman-service', referralDeadline: '2027-02-28T11:00:00.000Z' };
    expect(words('dispute.offered', offered, 'en', 'sms', { repliesReachUs: true }, {})?.text).toContain('Reply OPTIONS');
    const byEmail = words('dispute.offered', offered, 'en', 'email', { repliesReachUs: true }, {})?.text;
    expect(byEmail).not.toContain('Reply OPTIONS');
    expect(byEmail).toContain('contact us with your reference through one of these: Web chat: Use the chat on our website; Email: complaints@example.co.uk');
    expect(words('dispute.nothing_like_this', variables, 'en', 'sms', { repliesReachUs: true }, {})).toBeUndefined();
  });
});
