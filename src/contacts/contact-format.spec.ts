import { describe, expect, it } from '@jest/globals';
import { maskContact, maskContactsInText, maskEmail, maskPhone, parseContact, provenContact } from './contact-format.js';

describe(parseContact.name, () => {
  it.each([
    ['+44 7911 123456', undefined, '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['(202) 555-0143', 'US', '+12025550143'],
    ['0412 345 678', 'AU', '+61412345678'],
  ] as const)('normalises %s to E.164', (raw, country, e164) => {
    expect(parseContact('phone', raw, country)).toEqual({ ok: true, contact: { kind: 'phone', value: e164 } });
  });

  it('reads a WhatsApp contact as its number, with or without Twilio\'s whatsapp: prefix', () => {
    expect(parseContact('whatsapp', 'whatsapp:+447911123456')).toEqual({ ok: true, contact: { kind: 'whatsapp', value: '+447911123456' } });
    expect(parseContact('whatsapp', '07911 123456', 'GB')).toEqual({ ok: true, contact: { kind: 'whatsapp', value: '+447911123456' } });
    expect(parseContact('whatsapp', 'not a number').ok).toBe(false);
  });

  it('refuses a number that cannot be a phone', () => {
    expect(parseContact('phone', '12')).toMatchObject({ ok: false });
  });

  it('lower-cases and checks emails', () => {
    expect(parseContact('email', ' Jo.Bloggs@Example.COM ')).toEqual({
      ok: true,
      contact: { kind: 'email', value: 'jo.bloggs@example.com' },
    });
    expect(parseContact('email', 'jo@')).toMatchObject({ ok: false });
  });
});

describe(provenContact.name, () => {
  it('takes a number a text came from as it is, though the numbering tables do not know it', () => {
    expect(parseContact('phone', '+447700900123')).toMatchObject({ ok: false });
    expect(provenContact({ kind: 'phone', value: '+447700900123' })).toEqual({ ok: true, contact: { kind: 'phone', value: '+447700900123' } });
  });

  it('still refuses what is not a number in E.164 form', () => {
    expect(provenContact({ kind: 'phone', value: '07700 900123' })).toMatchObject({ ok: false });
    expect(provenContact({ kind: 'phone', value: '+44' })).toMatchObject({ ok: false });
  });
});

describe(maskPhone.name, () => {
  it('keeps the country and the last three digits', () => {
    expect(maskPhone('+447911123456')).toBe('+44 •••• ••• 456');
    expect(maskPhone('+12025550143')).toBe('+1 •••• ••• 143');
  });
});

describe(maskEmail.name, () => {
  it('keeps first letters and the top-level domain', () => {
    expect(maskEmail('jo.bloggs@example.com')).toBe('j•••@e•••.com');
  });
});

describe(maskContact.name, () => {
  it('masks a WhatsApp contact as the phone number it is', () => {
    expect(maskContact({ kind: 'whatsapp', value: '+447911123456' })).toBe('+44 •••• ••• 456');
  });

  it('never shows the full value', () => {
    expect(maskContact({ kind: 'phone', value: '+447911123456' })).not.toContain('7911123');
    expect(maskContact({ kind: 'webchat', value: 'conv-abcdef' })).toBe('web chat •••cdef');
  });
});

describe(maskContactsInText.name, () => {
  it('masks numbers and addresses a customer typed into a message', () => {
    expect(maskContactsInText('Call me on 07911 123456 or mail jo@example.com, order 1234.')).toBe(
      'Call me on +44 •••• ••• 456 or mail j•••@e•••.com, order 1234.',
    );
  });
});
