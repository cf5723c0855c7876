import { describe, expect, it } from '@jest/globals';
import { customerDate } from './customer-date.js';

const london = { locale: 'en-GB', timeZone: 'Europe/London' };
const now = new Date('2026-12-05T09:00:00Z');

describe(customerDate.name, () => {
  it('gives the weekday and date in the organisation’s zone, without the year in the current year', () => {
    expect(customerDate('2026-12-07T23:59:59.999Z', 'en', london, now)).toBe('Monday 7 December');
  });

  it('adds the year when the date is in another year', () => {
    expect(customerDate('2027-01-04T23:59:59.999Z', 'en', london, now)).toBe('Monday, 4 January 2027');
  });

  it('reads the same instant on the organisation’s clock: 23:30 UTC is already the next day in Sydney', () => {
    const sydney = { locale: 'en-AU', timeZone: 'Australia/Sydney' };
    expect(customerDate('2026-12-07T23:30:00Z', 'en', sydney, now)).toBe('Tuesday 8 December');
    expect(customerDate('2026-12-07T23:30:00Z', 'en', london, now)).toBe('Monday 7 December');
  });

  it('answers a customer of another language in theirs, however often it is asked, and goes on answering in English after', () => {
    for (let i = 0; i < 3; i++) {
      expect(customerDate('2026-12-07T12:00:00Z', 'es', london, now)).toBe('lunes, 7 de diciembre');
      expect(customerDate('2026-12-07T12:00:00Z', 'en', london, now)).toBe('Monday 7 December');
    }
  });
});
