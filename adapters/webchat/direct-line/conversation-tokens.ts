import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { DomainError } from '../../../src/common/domain-error.js';
import { configuredOrPersistedSecret } from '../../../src/common/persisted-secret.js';

/** How long a conversation token lasts: as Azure Direct Line, whose clients refresh every 15 minutes. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

/** What a conversation token grants: one conversation, as one user, until `exp` (seconds since the epoch). */
export interface ConversationGrant {
  conversationId: string;
  userId: string;
  expiresAt: number;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const ISSUER = 'redress';
const AUDIENCE = 'directline';
/**
 * Tokens whose signature was checked, kept so that a conversation's every post and stream does not compute the HMAC
 * again: a chat page sends the same token for up to half an hour. Bounded: the oldest checked go first.
 */
const VERIFIED_KEPT = 4096;

/**
 * Conversation tokens are HS256 JWTs, as Azure's are, because Web Chat and DirectLineJS decode the `user` claim to
 * learn the user id (and then never send another). Nothing else in them is secret; the signature is what counts.
 */
export class ConversationTokens {
  /** Token to the grant its checked signature and claims gave; a token is its own key, signature and all. */
  private readonly verified = new Map<string, ConversationGrant>();

  constructor(private readonly secret: string) {}

  issue(conversationId: string, userId: string, now: Date): { token: string; expiresIn: number } {
    const iat = Math.floor(now.getTime() / 1000);
    const payload = base64url(
      JSON.stringify({ iss: ISSUER, aud: AUDIENCE, conv: conversationId, user: userId, iat, exp: iat + TOKEN_LIFETIME_SECONDS }),
    );
    return { token: `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The grant in an `Authorization: Bearer` header; a missing, forged or expired token is refused with a code. */
  verify(authorization: string | undefined, now: Date): ConversationGrant {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError('unauthorised', 'token_missing', 'Send Authorization: Bearer <conversation token>.');
    return this.verifyToken(match[1], now);
  }

  /** The grant of a bare token, as a stream URL carries it (`t=`); refused as `verify` refuses. */
  verifyToken(token: string, now: Date): ConversationGrant {
    const grant = this.verified.get(token) ?? this.check(token);
    // 403, not 401: DirectLineJS reads a 403 as "expired token" and asks the page for a new one
    if (grant.expiresAt * 1000 <= now.getTime()) {
      this.verified.delete(token);
      throw new DomainError('forbidden', 'token_expired', 'The conversation token has expired; start a new conversation.');
    }
    return { ...grant };
  }

  /** The grant of a token not seen yet (or no longer kept), from its signature and claims, then kept. */
  private check(token: string): ConversationGrant {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER || !this.signatureMatches(`${parts[0]}.${parts[1]}`, parts[2])) {
      throw new DomainError('unauthorised', 'token_invalid', 'The conversation token is not one of ours.');
    }
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (claims.iss !== ISSUER || claims.aud !== AUDIENCE || typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number') {
      throw new DomainError('unauthorised', 'token_invalid', 'The conversation token is not one of ours.');
    }
    const grant: ConversationGrant = { conversationId: claims.conv, userId: claims.user, expiresAt: claims.exp };
    if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, grant);
    return grant;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  private signatureMatches(data: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/**
 * DIRECTLINE_TOKEN_SECRET, or one generated on first start into DATA_DIR/directline-token-secret, so that tokens stay
 * valid across restarts. Several instances must share it: set it, or share DATA_DIR.
 */
export function resolveTokenSecret(config: Pick<AppConfig, 'DIRECTLINE_TOKEN_SECRET' | 'DATA_DIR'>): { secret: string; file?: string } {
  const { value, file } = configuredOrPersistedSecret(config.DIRECTLINE_TOKEN_SECRET, config.DATA_DIR, 'directline-token-secret', 32);
  return { secret: value, file };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
