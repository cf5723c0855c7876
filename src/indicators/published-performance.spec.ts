import { describe, expect, it } from '@jest/globals';
import { publishedPerformance, publishedQuarters } from './published-performance.js';

describe(publishedQuarters.name, () => {
  it('takes the four complete quarters before the one running', () => {
    expect(publishedQuarters(new Date('2026-12-05T03:00:00Z'))).toEqual({
      from: '2025-10-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
      quarters: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'],
    });
    expect(publishedQuarters(new Date('2026-01-01T00:00:00Z'))).toEqual({
      from: '2025-01-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
      quarters: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'],
    });
  });
});

describe(publishedPerformance.name, () => {
  const period = publishedQuarters(new Date('2026-12-05T03:00:00Z'));
  const promises = [
    { id: 'acknowledge', text: 'We acknowledge within a day.' },
    { id: 'final-response', text: 'We answer within 20 days.' },
  ];

  it('publishes % met of the deadlines met or missed, overall and by quarter, and "not enough data" below the minimum', () => {
    const published = publishedPerformance(
      promises,
      period,
      [
        { promiseId: 'acknowledge', met: 27, missed: 3, pending: 4, notApplicable: 9 },
        { promiseId: 'retired-promise', met: 50, missed: 0, pending: 0, notApplicable: 0 },
      ],
      [
        { promiseId: 'acknowledge', period: '2026-Q1', met: 27, missed: 3, pending: 0, notApplicable: 9 },
        { promiseId: 'acknowledge', period: '2026-Q3', met: 0, missed: 0, pending: 4, notApplicable: 0 },
      ],
      30,
    );
    expect(published.promises.map((p) => p.promiseId)).toEqual(['acknowledge', 'final-response']);
    const [acknowledge, final] = published.promises;
    expect(acknowledge.overall).toMatchObject({ enoughData: true, successes: 27, count: 30, value: 0.9 });
    expect(acknowledge.byQuarter.map((q) => [q.quarter, q.met.enoughData, q.met.count])).toEqual([
      ['2025-Q4', false, 0],
      ['2026-Q1', true, 30],
      ['2026-Q2', false, 0],
      ['2026-Q3', false, 0],
    ]);
    expect(final.overall).toEqual({ enoughData: false, successes: 0, count: 0, minimum: 30 });
  });
});
