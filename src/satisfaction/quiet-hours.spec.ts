import { describe, expect, it } from '@jest/globals';
import { after, outsideQuietHours } from './quiet-hours.js';

const NIGHT = { from: '21:00', until: '08:00' };

describe(outsideQuietHours.name, () => {
  it.each([
    ['a weekday afternoon stays as it is', '2026-03-04T15:00:00.000Z', '2026-03-04T15:00:00.000Z'],
    ['late evening waits for the next morning', '2026-03-04T22:30:00.000Z', '2026-03-05T08:00:00.000Z'],
    ['the small hours wait for the same morning', '2026-03-05T03:00:00.000Z', '2026-03-05T08:00:00.000Z'],
    ['21:00 sharp is already quiet', '2026-03-04T21:00:00.000Z', '2026-03-05T08:00:00.000Z'],
    ['08:00 sharp is allowed', '2026-03-05T08:00:00.000Z', '2026-03-05T08:00:00.000Z'],
  ])('in London in winter, %s', (_case, at, expected) => {
    expect(outsideQuietHours(new Date(at), NIGHT, 'Europe/London').toISOString()).toBe(expected);
  });

  it('reads the customer’s wall clock in summer time: 07:30 BST is 06:30 UTC and waits until 08:00 BST', () => {
    expect(outsideQuietHours(new Date('2026-06-10T06:30:00.000Z'), NIGHT, 'Europe/London').toISOString()).toBe('2026-06-10T07:00:00.000Z');
  });

  it('handles quiet hours within one day (12:00 to 14:00)', () => {
    expect(outsideQuietHours(new Date('2026-03-04T13:00:00.000Z'), { from: '12:00', until: '14:00' }, 'UTC').toISOString()).toBe('2026-03-04T14:00:00.000Z');
    expect(outsideQuietHours(new Date('2026-03-04T23:00:00.000Z'), { from: '12:00', until: '14:00' }, 'UTC').toISOString()).toBe('2026-03-04T23:00:00.000Z');
  });

  it('in Madrid, 22:00 local (21:00 UTC) is quiet', () => {
    expect(outsideQuietHours(new Date('2026-03-04T21:00:00.000Z'), NIGHT, 'Europe/Madrid').toISOString()).toBe('2026-03-05T07:00:00.000Z');
  });
});

describe(after.name, () => {
  it('counts P1D across the spring clock change as one day on the wall clock', () => {
    // 28 March 2026 10:00 GMT; the clocks go forward on the 29th, so a day later is 10:00 BST = 09:00 UTC
    expect(after(new Date('2026-03-28T10:00:00.000Z'), 'P1D', 'Europe/London').toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });
});
