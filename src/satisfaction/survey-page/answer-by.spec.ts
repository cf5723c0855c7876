import { describe, expect, it } from '@jest/globals';
import { answerBy } from './answer-by.js';

describe(answerBy.name, () => {
  const london = { locale: 'en-GB', timeZone: 'Europe/London' };

  it('gives the time and the date on the customers’ clock', () => {
    expect(answerBy('2026-03-12T08:00:00.000Z', 'en', london, new Date('2026-03-05T08:00:00.000Z'))).toEqual({ time: '08:00', date: 'Thursday 12 March' });
    // British Summer Time
    expect(answerBy('2026-07-09T07:30:00.000Z', 'en', london, new Date('2026-07-02T07:30:00.000Z'))).toEqual({ time: '08:30', date: 'Thursday 9 July' });
  });

  it('in Spanish, and with the year when it is not this one', () => {
    expect(answerBy('2027-01-04T09:00:00.000Z', 'es', london, new Date('2026-12-28T09:00:00.000Z'))).toEqual({ time: '09:00', date: 'lunes, 4 de enero de 2027' });
  });
});
