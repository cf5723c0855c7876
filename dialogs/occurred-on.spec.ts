import { describe, expect, it } from '@jest/globals';
import type { Language } from './messages/messages.js';
import { readOccurredOn, type OccurredOnReading } from './occurred-on.js';

/** Thursday 26 March 2026, 10:00 in London. */
const NOW = new Date('2026-03-26T10:00:00Z');
const date = (iso: string): OccurredOnReading => ({ kind: 'date', date: iso });

describe(readOccurredOn.name, () => {
  it.each<[string, Language, OccurredOnReading]>([
    ['yesterday', 'en', date('2026-03-25')],
    ['last Tuesday', 'en', date('2026-03-24')],
    ['3 March', 'en', date('2026-03-03')],
    ['on 4/3/2026', 'en', date('2026-03-04')],
    ['It was two weeks ago', 'en', date('2026-03-12')],
    ['today', 'en', date('2026-03-26')],
    ['ayer', 'es', date('2026-03-25')],
    ['el martes pasado', 'es', date('2026-03-24')],
    ['el 3 de marzo', 'es', date('2026-03-03')],
    ['ayer', 'en', date('2026-03-25')],
    ['yesterday', 'es', date('2026-03-25')],
    ['30 March', 'en', date('2025-03-30')],
    ['Saturday', 'en', date('2026-03-21')],
    ["I don't know", 'en', { kind: 'unknown' }],
    ['no idea, sorry', 'en', { kind: 'unknown' }],
    ['no sé', 'es', { kind: 'unknown' }],
    ['tomorrow', 'en', { kind: 'future' }],
    ['next week', 'en', { kind: 'future' }],
    ['30 March 2027', 'en', { kind: 'future' }],
    ['mañana', 'es', { kind: 'future' }],
    ['purple', 'en', { kind: 'unclear' }],
    ['', 'en', { kind: 'unclear' }],
  ])('reads %j (%s)', (text, language, reading) => {
    expect(readOccurredOn(text, NOW, 'Europe/London', language)).toEqual(reading);
  });

  it("takes the date in the organisation's zone, not the server's", () => {
    // 23:30 on 25 March in UTC is already 26 March in Tokyo.
    const lateEvening = new Date('2026-03-25T23:30:00Z');
    expect(readOccurredOn('yesterday', lateEvening, 'Asia/Tokyo', 'en')).toEqual(date('2026-03-25'));
    expect(readOccurredOn('yesterday', lateEvening, 'Europe/London', 'en')).toEqual(date('2026-03-24'));
  });
});
