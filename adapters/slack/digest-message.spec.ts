import { describe, expect, it } from '@jest/globals';
import { rate } from '../../src/indicators/rate.js';
import { scoreFigures } from '../../src/indicators/satisfaction-figures.js';
import { weeklyDigestMessage } from './digest-message.js';
import type { StaffStats } from './stats-message.js';

function week(overrides: Partial<StaffStats>): StaffStats {
  return {
    period: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-09T09:00:00.000Z', words: 'the week to Monday 9 March 2026 at 09:00 GMT' },
    openNow: 7,
    overdueNow: 2,
    received: 0,
    closed: 0,
    promises: [],
    timeToAcknowledge: { enoughData: false, count: 0, minimum: 30 },
    timeToFinalResponse: { enoughData: false, count: 0, minimum: 30 },
    scores: { process: scoreFigures([], 5, 30), outcome: scoreFigures([], 5, 30), effort: scoreFigures([], 7, 30) },
    responseRate: rate(0, 0, 30),
    ...overrides,
  };
}

describe(weeklyDigestMessage.name, () => {
  it('sets each of the week’s figures beside the week before’s, and the cases open and overdue now', () => {
    const thisWeek = week({
      received: 41,
      closed: 38,
      // 36 of 40 met: 90%
      promises: [{ text: 'Acknowledgement within 1 business day', met: rate(36, 40, 30) }],
      timeToAcknowledge: { enoughData: true, count: 40, medianSeconds: 5400, p90Seconds: 86_400 },
      scores: { process: scoreFigures([{ score: 4, count: 30 }], 5, 30), outcome: scoreFigures([], 5, 30), effort: scoreFigures([], 7, 30) },
    });
    const lastWeek = week({
      received: 33,
      closed: 30,
      promises: [
        { text: 'Acknowledgement within 1 business day', met: rate(10, 20, 30) },
        { text: 'Final response within 20 business days', met: rate(31, 31, 30) },
      ],
    });
    const message = weeklyDigestMessage(thisWeek, lastWeek, 'https://complaints.example.com/reports');
    expect(message.text).toBe('Weekly digest: the week to Monday 9 March 2026 at 09:00 GMT: 41 received (the week before: 33), 38 closed (the week before: 30), 7 open, 2 overdue');
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('• Acknowledgement within 1 business day: 90% (n = 40); the week before: not enough data (20 of at least 30)');
    // a promise with deadlines in one week only
    expect(shown).toContain('• Final response within 20 business days: no deadlines; the week before: 100% (n = 31)');
    expect(shown).toContain('• To acknowledge: 1 h 30 min (n = 40); the week before: not enough data (0 of at least 30)');
    expect(shown).toContain('• How we handled it: 4.0 of 5 (n = 30); the week before: not enough data (0 of at least 30)');
    expect(shown).toContain('<https://complaints.example.com/reports|Open the full reports>');
  });

  it('says so when neither week has a deadline', () => {
    expect(JSON.stringify(weeklyDigestMessage(week({}), week({}), null).blocks)).toContain('No deadlines for the complaints received in either week.');
  });
});
