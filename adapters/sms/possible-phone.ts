import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Numbers already worked out: every text in and every text out names a customer's number, the same few over and over
 * in a conversation, and parsing one with libphonenumber cost more than the rest of reading Twilio's form. Bounded,
 * as numbers keep coming.
 */
const known = new Map<string, string | null>();
const KEPT = 10_000;

/** The number in E.164 when libphonenumber-js finds it possible, else undefined. */
export function possiblePhone(value: string): string | undefined {
  let number = known.get(value);
  if (number === undefined) {
    const phone = parsePhoneNumberFromString(value);
    number = phone?.isPossible() ? phone.number : null;
    if (known.size >= KEPT) known.clear();
    known.set(value, number);
  }
  return number ?? undefined;
}
