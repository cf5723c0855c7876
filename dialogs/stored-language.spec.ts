import { describe, expect, it } from '@jest/globals';
import { storedLanguage } from './stored-language.js';
import { setUp } from './testing/fixtures.js';

describe(storedLanguage.name, () => {
  it('reads the language a texter chose, or was switched to, and nothing for a number never heard from', async () => {
    const { chat, storage } = setUp();
    await chat({ channel: 'sms', id: '+34612345678', locale: '' }).says('español');
    await chat({ channel: 'sms', id: '+34699999999', locale: '' }).says('hola, quiero poner una queja');
    await chat({ channel: 'sms', id: '+447400123456', locale: '' }).says('english');
    expect(await storedLanguage(storage, 'sms', '+34612345678')).toBe('es');
    expect(await storedLanguage(storage, 'sms', '+34699999999')).toBe('es');
    expect(await storedLanguage(storage, 'sms', '+447400123456')).toBe('en');
    expect(await storedLanguage(storage, 'sms', '+447000000000')).toBeUndefined();
  });
});
