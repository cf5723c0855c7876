import { createHmac, timingSafeEqual } from 'node:crypto';

export interface MailgunSignature {
  timestamp: string;
  token: string;
  signature: string;
}

/** How far Mailgun's timestamp may be from our clock: enough for a slow delivery, too little to replay an old post. */
export const MAILGUN_TIMESTAMP_TOLERANCE_MS = 15 * 60_000;

/**
 * Mailgun signs each post to a route's URL in its fields: `signature` is the hex HMAC-SHA256 of `timestamp` followed
 * by `token`, keyed with the domain's HTTP webhook signing key. The timestamp is seconds since the epoch.
 */
export function mailgunSignatureValid(fields: Partial<MailgunSignature>, signingKey: string, now: Date): boolean {
  const { timestamp, token, signature } = fields;
  if (!timestamp || !token || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAILGUN_TIMESTAMP_TOLERANCE_MS) return false;
  const expected = createHmac('sha256', signingKey).update(timestamp + token).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Signs as Mailgun does: for tests and for a relay of one's own that posts to Redress the way Mailgun would. */
export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey).update(timestamp + token).digest('hex');
}
