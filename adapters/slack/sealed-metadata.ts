import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A modal's `private_metadata` as Redress sends it: `<mac>.<metadata>`, where mac is an HMAC-SHA256 (base64url) of
 * the modal's callback_id and its metadata under a key of Redress's own. Slack hands the metadata back with the
 * submission as it was sent; anything else (altered, made up, moved to another kind of form) no longer fits its mac.
 */
export function sealMetadata(key: string, callbackId: string, metadata: string): string {
  return `${mac(key, callbackId, metadata)}.${metadata}`;
}

/** The metadata inside a sealed one, or null when it was not sealed by this key for this callback_id. */
export function unsealMetadata(key: string, callbackId: string, sealed: string): string | null {
  const dot = sealed.indexOf('.');
  if (dot <= 0) return null;
  const metadata = sealed.slice(dot + 1);
  const given = Buffer.from(sealed.slice(0, dot));
  const expected = Buffer.from(mac(key, callbackId, metadata));
  return given.length === expected.length && timingSafeEqual(given, expected) ? metadata : null;
}

/** What is kept of a sealed metadata beside the view it went out with. */
export function metadataHash(sealed: string): string {
  return createHash('sha256').update(sealed).digest('hex');
}

function mac(key: string, callbackId: string, metadata: string): string {
  return createHmac('sha256', key).update(`${callbackId}\n${metadata}`).digest('base64url');
}
