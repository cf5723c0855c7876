/** How long to wait before each new try of a message that a provider did not take, and when to give up. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, maxAttempts: 10 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries from many messages that
 * failed together (a provider outage) spread out instead of arriving together when it recovers.
 */
export function nextAttemptDelay(attemptsSoFar: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (attemptsSoFar >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsSoFar - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
