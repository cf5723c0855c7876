import { describe, expect, it } from '@jest/globals';
import { FIRST_RECONNECT_MS, LONGEST_RECONNECT_MS, reconnectDelay } from './reconnect-delay.js';

describe(reconnectDelay.name, () => {
  it('doubles from the first wait, each drawn between half and all of it', () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, 0))).toEqual([125, 250, 500, 1000]);
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, 0.999999))).toEqual([250, 500, 1000, 2000]);
    expect(reconnectDelay(0, 0.5)).toBe(Math.round(FIRST_RECONNECT_MS * 0.75));
  });

  it('never waits longer than the longest wait, however many tries failed', () => {
    for (const attempt of [7, 8, 20, 1000, Number.MAX_SAFE_INTEGER]) {
      expect(reconnectDelay(attempt, 0.999999)).toBeLessThanOrEqual(LONGEST_RECONNECT_MS);
      expect(reconnectDelay(attempt, 0)).toBe(LONGEST_RECONNECT_MS / 2);
    }
  });
});
