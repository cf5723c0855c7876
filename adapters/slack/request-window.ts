import { createHash } from 'node:crypto';

/** Slack's window: a request signed more than five minutes before or after now is not taken. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * Whether a request's `X-Slack-Request-Timestamp` (seconds) lies inside the window around `nowMs`. Bolt refuses a
 * stale one itself but takes one from the future, which would let a request signed ahead of time be used later.
 */
export function withinRequestWindow(timestampHeader: string | undefined, nowMs: number): boolean {
  if (timestampHeader === undefined || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const skew = Number(timestampHeader) - Math.floor(nowMs / 1000);
  return Math.abs(skew) <= REQUEST_WINDOW_SECONDS;
}

/**
 * The key a signed request is known by for as long as it could be replayed. The signature covers the timestamp and
 * the whole body, so two requests share a key only when they are byte for byte the same request.
 */
export function requestKey(signature: string): string {
  return createHash('sha256').update(signature).digest('hex');
}

/** Until when a request signed at `timestampSeconds` could still be replayed, and so must be remembered. */
export function replayableUntil(timestampSeconds: number, nowMs: number): Date {
  return new Date(Math.max(timestampSeconds * 1000, nowMs) + REQUEST_WINDOW_SECONDS * 1000 + 60_000);
}
