import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A personal key is `rk_<id>_<secret>`: the id finds the record, the secret proves possession. The secret is 32 random
 * bytes, so a plain SHA-256 of it is as safe to store as a slow password hash would be, and cheap on every request.
 */
const TOKEN = /^rk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewStaffKey {
  id: string;
  token: string;
  secretHash: string;
}

export function newStaffKey(): NewStaffKey {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `rk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The key's id and secret, or null when the bearer token is not a personal key's shape. */
export function parseStaffKey(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
