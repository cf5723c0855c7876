import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: a session id, an OIDC state or nonce, a form token; unguessable, so a plain SHA-256 suffices to store one. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The sign-out form's anti-forgery token, derived from the session token: another site can neither read the
 * HttpOnly cookie nor compute this from anything it can see.
 */
export function signOutToken(sessionToken: string): string {
  return createHash('sha256').update(`sign-out:${sessionToken}`).digest('base64url');
}
