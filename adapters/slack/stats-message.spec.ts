import { describe, expect, it } from '@jest/globals';
import { rate } from '../../src/indicators/rate.js';
import { scoreFigures } from '../../src/indicators/satisfaction-figures.js';
import { countWords, durationWords, scoreWords, statsMessage, type StaffStats } from './stats-message.js';

const stats: StaffStats = {
  period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', words: 'November 2026' },
  openNow: 12,
  overdueNow: 2,
  received: 40,
  closed: 35,
  // 27 of 30: 90%, Wilson 95% CI 74–97%; 30 of 60: 50%, 38–62%
  promises: [{ text: 'Acknowledgement within 1 business day', met: rate(27, 30, 30) }, { text: 'Final response <soon>', met: rate(5, 6, 30) }],
  timeToAcknowledge: { enoughData: true, count: 36, medianSeconds: 3 * 3600 + 20 * 60, p90Seconds: 86_400 },
  timeToFinalResponse: { enoughData: false, count: 12, minimum: 30 },
  // 10 × 4 + 20 × 5 = 140 over 30: 4.67
  scores: {
    process: scoreFigures([{ score: 4, count: 10 }, { score: 5, count: 20 }], 5, 30),
    outcome: scoreFigures([{ score: 3, count: 3 }], 5, 30),
    effort: scoreFigures([], 7, 30),
  },
  responseRate: rate(30, 60, 30),
};

describe(durationWords.name, () => {
  it.each([
    [20, 'under a minute'],
    [45 * 60, '45 min'],
    [3600, '1 h'],
    [3 * 3600 + 20 * 60 + 29, '3 h 20 min'],
    [47 * 3600 + 59 * 60, '47 h 59 min'],
    [2 * 86_400, '2 days'],
    [4 * 86_400 + 5 * 3600, '4 days 5 h'],
  ])('says %d seconds as %s', (seconds, words) => {
    expect(durationWords(seconds)).toBe(words);
  });
});

describe(scoreWords.name, () => {
  it('gives a mean to one decimal with its scale and count, or why not', () => {
    expect(scoreWords(stats.scores.process)).toBe('4.7 of 5 (n = 30)');
    expect(scoreWords(stats.scores.outcome)).toBe('not enough data (3 of at least 30)');
  });
});

describe(statsMessage.name, () => {
  it('shows the cases now, the period’s counts and figures, and links to the reports', () => {
    const message = statsMessage(stats, 'https://complaints.example.com/reports');
    expect(message.text).toBe('Complaints: November 2026: 12 open, 2 overdue, 40 received, 35 closed');
    const shown = JSON.stringify(message.blocks);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Complaints: November 2026' } });
    expect(shown).toContain('• Acknowledgement within 1 business day: 90% (95% CI 74–97%, n = 30) met');
    expect(shown).toContain('• Final response &lt;soon&gt;: not enough data (6 of at least 30)');
    expect(shown).toContain('• To acknowledge: 3 h 20 min (n = 36)');
    expect(shown).toContain('• To a final response: not enough data (12 of at least 30)');
    expect(shown).toContain('• How we handled it: 4.7 of 5 (n = 30)');
    expect(shown).toContain('• How easy it was: not enough data (0 of at least 30) (higher is easier)');
    expect(shown).toContain('• Surveys answered: 50% (95% CI 38–62%, n = 60)');
    expect(shown).toContain('<https://complaints.example.com/reports|Open the full reports>');
  });

  it('says where the reports are when it has no address to link', () => {
    expect(JSON.stringify(statsMessage(stats, null).blocks)).toContain("The full reports are at /reports on Redress's address.");
  });
});

describe(countWords.name, () => {
  it('says a count that stopped at its cap as that many and more', () => {
    expect(countWords(12)).toBe('12');
    expect(countWords(1000, true)).toBe('1000+');
    const message = statsMessage({ ...stats, openNow: 1000, openNowCapped: true, overdueNow: 1000, overdueNowCapped: true }, null);
    expect(message.text).toBe('Complaints: November 2026: 1000+ open, 1000+ overdue, 40 received, 35 closed');
    expect(JSON.stringify(message.blocks)).toContain('*Open now*\\n1000+');
  });
});
