import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { Contact } from '../complaints/domain/complaint.js';

const MASK = '•';

/** The contact kinds a customer or staff member can type, which parseContact reads and checks. */
export const TYPED_CONTACT_KINDS = ['phone', 'email'] as const;

export type ContactParse = { ok: true; contact: Contact } | { ok: false; message: string };

/**
 * Normalises what a customer or staff member gave: phones to E.164, emails to lower case. Any other kind (a web chat
 * conversation id) is an address only its channel reads, kept as given.
 */
export function parseContact(kind: Contact['kind'], raw: string, defaultCountry?: CountryCode): ContactParse {
  const value = raw.trim();
  switch (kind) {
    case 'phone':
    case 'whatsapp': {
      // a WhatsApp contact is its number; Twilio's `whatsapp:` prefix is taken off
      const phone = parsePhoneNumberFromString(kind === 'whatsapp' ? value.replace(/^whatsapp:/i, '') : value, defaultCountry);
      if (!phone || !phone.isValid()) return { ok: false, message: 'is not a valid phone number (use +44 7911 123456 form)' };
      return { ok: true, contact: { kind, value: phone.number } };
    }
    case 'email': {
      const email = z.email().safeParse(value.toLowerCase());
      if (!email.success) return { ok: false, message: 'is not a valid email address' };
      return { ok: true, contact: { kind, value: email.data } };
    }
    default:
      if (value.length === 0 || value.length > 200) return { ok: false, message: `is not a ${kind === 'webchat' ? 'web chat conversation id' : `${kind} address`}` };
      return { ok: true, contact: { kind, value } };
  }
}

/**
 * A contact the channel itself vouches for, such as the number a text was delivered from: a phone number is taken as
 * it is when it has the E.164 shape, as new ranges reach phones before they reach libphonenumber's tables.
 */
export function provenContact(contact: Contact): ContactParse {
  if ((contact.kind === 'phone' || contact.kind === 'whatsapp') && /^\+[1-9]\d{6,14}$/.test(contact.value)) return { ok: true, contact };
  return parseContact(contact.kind, contact.value);
}

/**
 * Masks already worked out: every log line about a text names its number (received, handled, sent), and parsing a
 * number for its country code cost more than the rest of writing the line. Bounded, as numbers keep coming.
 */
const maskedPhones = new Map<string, string>();
const MASKED_PHONES_KEPT = 10_000;

/**
 * `+44 •••• ••• 456`: the country and the last three digits, enough to recognise, not enough to call. The masked
 * part has one fixed shape so it does not give away the number's length either.
 */
export function maskPhone(e164: string): string {
  let masked = maskedPhones.get(e164);
  if (masked === undefined) {
    const phone = parsePhoneNumberFromString(e164);
    const country = phone ? `+${phone.countryCallingCode} ` : '';
    masked = `${country}${MASK.repeat(4)} ${MASK.repeat(3)} ${e164.slice(-3)}`;
    if (maskedPhones.size >= MASKED_PHONES_KEPT) maskedPhones.clear();
    maskedPhones.set(e164, masked);
  }
  return masked;
}

/** `j•••@e•••.com`: first letters kept so staff can tell two addresses apart. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return MASK.repeat(4);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${email[0]}${MASK.repeat(3)}@${host[0]}${MASK.repeat(3)}${tld}`;
}

export function maskContact(contact: Contact): string {
  switch (contact.kind) {
    case 'phone':
    case 'whatsapp':
      return maskPhone(contact.value);
    case 'email':
      return maskEmail(contact.value);
    default:
      return `${contact.kind === 'webchat' ? 'web chat' : contact.kind} ${MASK.repeat(3)}${contact.value.slice(-4)}`;
  }
}

/** Masks phone numbers and email addresses inside free text, for logs and staff views of customer messages. */
export function maskContactsInText(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, (email) => maskEmail(email))
    .replace(/\+?\d[\d\s().-]{7,}\d/g, (candidate) => {
      const phone = parsePhoneNumberFromString(candidate, 'GB');
      return phone?.isPossible() ? maskPhone(phone.number) : candidate;
    });
}
