import { describe, expect, it } from '@jest/globals';
import { CASE_CARD_EVENT, cardInHistory, cardMetadata, claimWindow, type HistoryMessage } from './case-card-claim.js';

const card = (ts: string, reference: string, extra: Partial<HistoryMessage> = {}): HistoryMessage => ({ ts, metadata: cardMetadata(reference, '2026-03-02T10:00:00.000Z'), ...extra });

describe(cardMetadata.name, () => {
  it('names the case and the claim the card is posted under', () => {
    expect(cardMetadata('AB12-CD34', '2026-03-02T10:00:00.000Z')).toEqual({
      event_type: CASE_CARD_EVENT,
      event_payload: { reference: 'AB12-CD34', claimed_at: '2026-03-02T10:00:00.000Z' },
    });
  });
});

describe(claimWindow.name, () => {
  it('starts five minutes before the claim, in Slack seconds, so that a clock ahead of Slack still finds the card', () => {
    expect(claimWindow('2026-03-02T10:05:00.000Z')).toEqual({ oldest: `${Date.parse('2026-03-02T10:00:00.000Z') / 1000}.000000` });
  });

  it('refuses what is not a time rather than reading the whole channel', () => {
    expect(() => claimWindow('yesterday')).toThrow(RangeError);
  });
});

describe(cardInHistory.name, () => {
  it('finds the card whose metadata names the case', () => {
    const messages = [card('1772445600.000300', 'ZZ99-ZZ99'), card('1772445600.000200', 'AB12-CD34'), { ts: '1772445600.000100' }];
    expect(cardInHistory(messages, 'AB12-CD34')).toBe('1772445600.000200');
  });

  it('finds nothing when no message names the case, or the metadata is of another kind', () => {
    const thread = { ts: '1772445600.000400', metadata: { event_type: 'redress_thread_post', event_payload: { reference: 'AB12-CD34' } } };
    expect(cardInHistory([card('1772445600.000300', 'ZZ99-ZZ99'), thread, { ts: '1772445600.000500' }], 'AB12-CD34')).toBeUndefined();
  });

  it('leaves out a reply in a thread that carries the same metadata', () => {
    expect(cardInHistory([card('1772445600.000300', 'AB12-CD34', { thread_ts: '1772445600.000100' })], 'AB12-CD34')).toBeUndefined();
    expect(cardInHistory([card('1772445600.000300', 'AB12-CD34', { thread_ts: '1772445600.000300' })], 'AB12-CD34')).toBe('1772445600.000300');
  });

  it('takes the oldest of several, by number and not by text (history comes newest first)', () => {
    const messages = [card('1772445700.5', 'AB12-CD34'), card('1772445700.000009', 'AB12-CD34'), card('999999999.900000', 'AB12-CD34')];
    expect(cardInHistory(messages, 'AB12-CD34')).toBe('999999999.900000');
    expect(cardInHistory(messages.slice(0, 2), 'AB12-CD34')).toBe('1772445700.000009');
  });
});
