import { describe, expect, it } from '@jest/globals';
import { aCaseEvent } from './case-events.fixtures.js';
import { isCaseEvent, type CaseEvent } from './case-events.js';

describe('CaseEvent', () => {
  it('takes only the payload its type records', () => {
    const events: CaseEvent[] = [
      { type: 'note.added', data: { text: 'Called the warehouse.' } },
      // @ts-expect-error a note records its text, nothing else
      { type: 'note.added', data: { question: 'What is your order number?' } },
      // @ts-expect-error a hand-off says when a reply is due, or null when none is promised
      { type: 'handoff.requested', data: { channel: 'sms' } },
      // @ts-expect-error no such event
      { type: 'note.deleted', data: {} },
    ];
    expect(events).toHaveLength(4);
  });
});

describe(isCaseEvent.name, () => {
  it('keeps the events of one type, and their payloads read without casts', () => {
    const events = [aCaseEvent('note.added'), aCaseEvent('message.sent_to_customer', { text: 'Your refund is on its way.' }), aCaseEvent('note.added', { text: 'Refund sent.' })];
    const notes = events.filter(isCaseEvent('note.added')).map((event) => event.data.text);
    expect(notes).toEqual(['Called the warehouse.', 'Refund sent.']);
    expect(events.filter(isCaseEvent('message.sent_to_customer')).map((event) => event.data.channel)).toEqual(['webchat']);
  });
});
