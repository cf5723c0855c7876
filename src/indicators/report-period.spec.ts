import { describe, expect, it } from '@jest/globals';
import { quarterOf, splitPeriod } from './report-period.js';

describe(splitPeriod.name, () => {
  it('reads whole months only from the sums when the period starts and ends on months', () => {
    expect(splitPeriod('2025-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toEqual({ months: { from: '2025-12', to: '2026-12' }, edges: [] });
    expect(splitPeriod()).toEqual({ months: { from: null, to: null }, edges: [] });
  });

  it('counts the parts of months at the edges from the rows', () => {
    expect(splitPeriod('2026-03-15T10:00:00.000Z', '2026-06-02T00:00:00.000Z')).toEqual({
      months: { from: '2026-04', to: '2026-06' },
      edges: [
        { from: '2026-03-15T10:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
        { from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' },
      ],
    });
    expect(splitPeriod(undefined, '2026-06-02T00:00:00Z')).toEqual({ months: { from: null, to: '2026-06' }, edges: [{ from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' }] });
    expect(splitPeriod('2026-12-31T23:00:00.000Z')).toEqual({ months: { from: '2027-01', to: null }, edges: [{ from: '2026-12-31T23:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }] });
  });

  it('reads a period within one month from the rows alone, and an empty one not at all', () => {
    expect(splitPeriod('2026-04-01T00:00:00.000Z', '2026-04-02T00:00:00.000Z')).toEqual({ months: null, edges: [{ from: '2026-04-01T00:00:00.000Z', to: '2026-04-02T00:00:00.000Z' }] });
    expect(splitPeriod('2026-04-03T00:00:00.000Z', '2026-04-02T00:00:00.000Z')).toEqual({ months: null, edges: [] });
  });

  it('names the quarter of a month', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-12'].map(quarterOf)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q4']);
  });
});
