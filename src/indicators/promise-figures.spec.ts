import { describe, expect, it } from '@jest/globals';
import { promiseFigures, quantileOffsets } from './promise-figures.js';

describe(promiseFigures.name, () => {
  it('gives % met out of the deadlines whose outcome is known, leaving out those pending and made moot', () => {
    const figures = promiseFigures({ promiseId: 'ack', met: 27, missed: 3, pending: 5, notApplicable: 10 }, 30);
    expect(figures.deadlines).toBe(45);
    expect(figures.met).toMatchObject({ enoughData: true, successes: 27, count: 30, value: 0.9 });
    expect(figures.shares.notApplicable).toMatchObject({ enoughData: true, successes: 10, count: 45 });
    expect(figures.shares.pending).toMatchObject({ successes: 5, count: 45 });
  });

  it('says "not enough data" for % met when too few outcomes are known, however many deadlines there are', () => {
    const figures = promiseFigures({ promiseId: 'final', period: '2026-Q2', met: 20, missed: 9, pending: 40, notApplicable: 0 }, 30);
    expect(figures.period).toBe('2026-Q2');
    expect(figures.met).toEqual({ enoughData: false, successes: 20, count: 29, minimum: 30 });
    expect(figures.shares.pending).toMatchObject({ enoughData: true, count: 69 });
  });

  it('counts a withdrawn case’s deadlines as not applicable, never as met', () => {
    const figures = promiseFigures({ promiseId: 'ack', met: 0, missed: 0, pending: 0, notApplicable: 31 }, 30);
    expect(figures.met).toEqual({ enoughData: false, successes: 0, count: 0, minimum: 30 });
    expect(figures.shares.met).toMatchObject({ enoughData: true, successes: 0, count: 31, value: 0 });
  });
});

describe(quantileOffsets.name, () => {
  it('places the median and 90th percentile once there are enough durations', () => {
    expect(quantileOffsets(30, 30)).toEqual({ median: 14, p90: 26 });
    expect(quantileOffsets(5, 1)).toEqual({ median: 2, p90: 4 });
  });

  it('gives nothing below the minimum or with no durations', () => {
    expect(quantileOffsets(29, 30)).toBeNull();
    expect(quantileOffsets(0, 0)).toBeNull();
  });
});
