import { describe, expect, it } from '@jest/globals';
import { nextAttemptDelay, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5 };

describe(nextAttemptDelay.name, () => {
  it('doubles the wait after each failure, between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the ceiling', () => {
    expect(nextAttemptDelay(4, { ...policy, maxDelayMs: 3_000, maxAttempts: 99 }, () => 1)).toBe(3_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptDelay(5, policy)).toBeNull();
  });
});
