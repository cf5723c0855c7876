import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A case history's seal: an HMAC, under a key kept outside the database (AUDIT_KEY, or DATA_DIR/audit-key), of the
 * case's reference, its number of events and the hash of its last one. The hash chain alone can be recomputed by
 * anyone who can write to the database; the seal cannot, so rewriting events, dropping the last ones or adding some
 * all leave a seal that no longer fits.
 */
export interface SealedHead {
  reference: string;
  events: number;
  headHash: string;
}

export function sealOf(key: string, head: SealedHead): string {
  return createHmac('sha256', key).update(`${head.reference}\n${head.events}\n${head.headHash}`).digest('hex');
}

export function sealFits(key: string, head: SealedHead, seal: string): boolean {
  const expected = Buffer.from(sealOf(key, head), 'hex');
  const given = Buffer.from(seal, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
