import { describe, expect, it } from '@jest/globals';
import { pareto } from './pareto.js';

describe(pareto.name, () => {
  it('sorts the causes from the most frequent down with the running share of the total', () => {
    expect(
      pareto([
        { key: 'people', count: 2 },
        { key: 'process', count: 5 },
        { key: null, count: 1 },
        { key: 'systems', count: 2 },
      ]),
    ).toEqual([
      { key: 'process', count: 5, cumulativePercent: 50 },
      { key: 'people', count: 2, cumulativePercent: 70 },
      { key: 'systems', count: 2, cumulativePercent: 90 },
      { key: null, count: 1, cumulativePercent: 100 },
    ]);
  });

  it('ends at exactly 100 whatever the rounding, and puts an unrecorded cause last among equals', () => {
    const rows = pareto([
      { key: null, count: 1 },
      { key: 'a', count: 1 },
      { key: 'b', count: 1 },
    ]);
    expect(rows.map((row) => [row.key, row.cumulativePercent])).toEqual([
      ['a', 33.3],
      ['b', 66.7],
      [null, 100],
    ]);
  });

  it('gives nothing for no complaints, and leaves out causes counted zero', () => {
    expect(pareto([])).toEqual([]);
    expect(pareto([{ key: 'a', count: 0 }])).toEqual([]);
  });
});
