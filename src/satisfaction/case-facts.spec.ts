import { describe, expect, it } from '@jest/globals';
import { caseFacts } from './case-facts.js';

const deadline = (promiseId: string, dueAt: string, settledAt: string | null) => ({ promiseId, indicator: promiseId, dueAt, warnAt: dueAt, settledAt });

describe(caseFacts.name, () => {
  it('counts the time to resolve, the time paused, and which promises were kept or missed', () => {
    const facts = caseFacts(
      {
        receivedAt: '2026-03-02T10:00:00.000Z',
        deadlines: [
          deadline('acknowledge', '2026-03-03T17:00:00.000Z', '2026-03-02T10:05:00.000Z'),
          deadline('final-response', '2026-03-20T17:00:00.000Z', '2026-03-10T10:00:00.000Z'),
          deadline('status-updates', '2026-03-05T17:00:00.000Z', '2026-03-10T10:00:00.000Z'),
          deadline('handoff', '2026-03-04T17:00:00.000Z', null),
        ],
      },
      '2026-03-10T10:00:00.000Z',
      [
        { type: 'complaint.information_received', at: '2026-03-06T12:00:00.000Z', data: { pausedSince: '2026-03-05T12:00:00.000Z' } },
        { type: 'deadline.missed', at: '2026-03-05T17:00:00.000Z', data: { promiseId: 'status-updates' } },
      ],
    );
    expect(facts).toEqual({
      resolutionMinutes: 8 * 24 * 60,
      pausedMinutes: 24 * 60,
      promisesMet: ['acknowledge', 'final-response'],
      promisesMissed: ['handoff', 'status-updates'],
    });
  });
});
