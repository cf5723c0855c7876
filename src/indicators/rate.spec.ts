import { describe, expect, it } from '@jest/globals';
import { describeRate, rate, wilsonInterval } from './rate.js';

describe(wilsonInterval.name, () => {
  it('gives the textbook interval for 27 successes in 30', () => {
    const { low, high } = wilsonInterval(27, 30);
    expect(low).toBeCloseTo(0.7438, 4);
    expect(high).toBeCloseTo(0.9654, 4);
  });

  it('stays within 0 and 1 and keeps its width when all or none succeeded', () => {
    const all = wilsonInterval(30, 30);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8865, 4);
    const none = wilsonInterval(0, 30);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.1135, 4);
  });

  it('is symmetric about one half', () => {
    const a = wilsonInterval(10, 40);
    const b = wilsonInterval(30, 40);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('refuses counts that make no proportion', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});

describe(rate.name, () => {
  it('gives the share with its count and interval from the minimum on', () => {
    const figure = rate(27, 30, 30);
    expect(figure).toMatchObject({ enoughData: true, successes: 27, count: 30, value: 0.9 });
    expect(describeRate(figure)).toBe('90% (95% CI 74–97%, n = 30)');
  });

  it('gives no share below the minimum, and says how far short it is', () => {
    const figure = rate(29, 29, 30);
    expect(figure).toEqual({ enoughData: false, successes: 29, count: 29, minimum: 30 });
    expect(describeRate(figure)).toBe('not enough data (29 of at least 30)');
  });

  it('gives no share of nothing, whatever the minimum', () => {
    expect(rate(0, 0, 0)).toEqual({ enoughData: false, successes: 0, count: 0, minimum: 0 });
  });
});
