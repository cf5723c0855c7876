import { describe, expect, it } from '@jest/globals';
import { aCaseEvent } from '../../src/complaints/domain/case-events.fixtures.js';
import { aComplaint } from '../../src/complaints/domain/complaint.fixtures.js';
import { sizeInWords, slackCasePolicy, threadMessage } from './case-thread.js';

describe('a file from the customer in the case thread', () => {
  it('is owed to the thread when the customer sends one, once per file', () => {
    const complaint = aComplaint({ reference: '7K4M-9P2Q' });
    const event = { ...aCaseEvent('evidence.added', { origin: 'whatsapp', kind: 'pdf', size: 250_000 }), actor: { kind: 'customer' as const }, at: '2026-03-02T10:00:00.000Z' };
    const owed = slackCasePolicy('C0CASES01')({ before: complaint, after: complaint, events: [event] }).filter((m) => m.kind === 'thread_message');
    expect(owed).toEqual([
      expect.objectContaining({
        payload: { direction: 'evidence', evidenceId: '0b6f3c1e-5d2a-4f4e-9a57-1c2d3e4f5a6b', channel: 'whatsapp', kind: 'pdf', size: 250_000, at: '2026-03-02T10:00:00.000Z' },
        dedupeKey: expect.stringMatching(/^thread_message:7K4M-9P2Q:/),
      }),
    ]);
  });

  it('says what was sent, how it came and how big', () => {
    const message = threadMessage('7K4M-9P2Q', { direction: 'evidence', evidenceId: 'x', channel: 'sms', kind: 'image', size: 2_621_440, at: '2026-03-02T10:00:00.000Z' }, 'Europe/London');
    expect(message.text).toBe('The customer sent a photo (7K4M-9P2Q)');
    expect(JSON.stringify(message.blocks)).toContain(':paperclip: *The customer sent a photo* (2.5 MB) by SMS · ');
  });

  it.each([
    [512, '512 bytes'],
    [48_213, '47 KB'],
    [10 * 1024 * 1024, '10 MB'],
  ])('writes %i bytes as %s', (bytes, words) => {
    expect(sizeInWords(bytes)).toBe(words);
  });
});
