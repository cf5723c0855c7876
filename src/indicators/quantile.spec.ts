import { describe, expect, it } from '@jest/globals';
import { nearestRankOffset } from './quantile.js';

describe(nearestRankOffset.name, () => {
  it('picks the nearest-rank median and 90th percentile', () => {
    // 1..10: the median is the 5th value, the 90th percentile the 9th
    expect(nearestRankOffset(10, 0.5)).toBe(4);
    expect(nearestRankOffset(10, 0.9)).toBe(8);
    // 1..5: the median is the 3rd value, the 90th percentile the 5th
    expect(nearestRankOffset(5, 0.5)).toBe(2);
    expect(nearestRankOffset(5, 0.9)).toBe(4);
    expect(nearestRankOffset(1, 0.5)).toBe(0);
    expect(nearestRankOffset(100, 1)).toBe(99);
  });

  it('refuses what has no quantile', () => {
    expect(() => nearestRankOffset(0, 0.5)).toThrow(RangeError);
    expect(() => nearestRankOffset(3, 0)).toThrow(RangeError);
    expect(() => nearestRankOffset(3, 1.1)).toThrow(RangeError);
  });
});
