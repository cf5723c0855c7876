import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** Off the event loop: scrypt is slow on purpose, and other customers' turns should not wait for it. */
const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * The secret code a customer gets with their reference, such as `K7P-M4X`: with both, they can check on their
 * complaint from anywhere, whatever channel they chose for updates. The alphabet is the references' (no I, L, O or
 * U); six characters are some thirty bits, far beyond what the per-asker limits let anyone guess.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 6;
const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };
const KEY_LENGTH = 32;

export function generateSecretCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[random(ALPHABET.length)];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** What a person might type for a code: any case, spaces or dashes anywhere, O for 0, I or L for 1. */
function compact(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/[OIL]/g, (c) => LOOKALIKES[c]);
}

/** `scrypt$<salt>$<key>`, both base64: only this is stored, never the code. */
export async function hashSecretCode(code: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await derive(compact(code), salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of no code at all, so that an unknown reference costs the same time to check as a known one. */
let noCode: Promise<string> | undefined;

/** Does what the asker typed match the stored hash? Without a hash, the same work is done and the answer is no. */
export async function secretCodeMatches(typed: string, stored: string | null): Promise<boolean> {
  noCode ??= hashSecretCode('no code');
  const [scheme, salt, key] = (stored ?? (await noCode)).split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const candidate = compact(typed);
  const actual = await derive(candidate, Buffer.from(salt, 'base64'), expected.length);
  return stored !== null && candidate.length === LENGTH && timingSafeEqual(actual, expected);
}
