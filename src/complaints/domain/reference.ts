import { randomInt } from 'node:crypto';

/**
 * Complaint references such as `7K4M-9P2Q`: Crockford's base-32 alphabet (no I, L, O or U, so nothing reads as
 * another character aloud or on a phone keypad), seven random characters and a Luhn mod 32 check character,
 * which catches every single mistyped character and most swapped neighbours.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE = ALPHABET.length;
const BODY_LENGTH = 7;

/** What people type for a character that is not in the alphabet but looks or sounds like one that is. */
const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

function checkCharacter(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let value = ALPHABET.indexOf(body[i]);
    if (double) {
      value *= 2;
      value = Math.floor(value / BASE) + (value % BASE);
    }
    sum += value;
    double = !double;
  }
  return ALPHABET[(BASE - (sum % BASE)) % BASE];
}

function format(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

export function generateReference(random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[random(BASE)];
  return format(body + checkCharacter(body));
}

export type ReferenceParse = { ok: true; reference: string } | { ok: false; reason: 'length' | 'character' | 'check' };

/** Accepts what a person might type: any case, spaces or dashes anywhere, O for 0, I or L for 1. */
export function parseReference(input: string): ReferenceParse {
  const compact = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/[OIL]/g, (c) => LOOKALIKES[c]);
  if (compact.length !== BODY_LENGTH + 1) return { ok: false, reason: 'length' };
  if ([...compact].some((c) => !ALPHABET.includes(c))) return { ok: false, reason: 'character' };
  const body = compact.slice(0, BODY_LENGTH);
  if (checkCharacter(body) !== compact[BODY_LENGTH]) return { ok: false, reason: 'check' };
  return { ok: true, reference: format(compact) };
}

/** Spells a reference (or a secret code) for a voice or screen reader: "7 K 4 M, 9 P 2 Q". */
export function spellReference(reference: string): string {
  return reference
    .split('-')
    .map((part) => [...part].join(' '))
    .join(', ');
}
