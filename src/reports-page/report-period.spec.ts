import { describe, expect, it } from '@jest/globals';
import { defaultPeriod, monthsBetween, parseReportQuery, reportQueryString } from './report-period.js';

const NOW = new Date('2026-12-05T07:00:00Z');

describe(parseReportQuery.name, () => {
  it('defaults to the twelve months up to and including the current one, every category and channel', () => {
    expect(parseReportQuery({}, NOW)).toEqual({
      ok: true,
      query: { fromMonth: '2026-01', toMonth: '2026-12', filter: { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' } },
    });
    expect(defaultPeriod(new Date('2026-03-31T23:59:59Z'))).toEqual({ fromMonth: '2025-04', toMonth: '2026-03' });
  });

  it('takes blank fields as their default, as a GET form sends them', () => {
    expect(parseReportQuery({ from: '', to: '', category: '', channel: '' }, NOW)).toMatchObject({ ok: true, query: { fromMonth: '2026-01', toMonth: '2026-12' } });
  });

  it('counts the last month whole, up to the first instant of the month after it', () => {
    const parsed = parseReportQuery({ from: '2025-11', to: '2025-12', category: 'delivery', channel: 'sms' }, NOW);
    expect(parsed).toEqual({
      ok: true,
      query: {
        fromMonth: '2025-11',
        toMonth: '2025-12',
        category: 'delivery',
        channel: 'sms',
        filter: { from: '2025-11-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', category: 'delivery', channel: 'sms' },
      },
    });
    if (parsed.ok) expect(reportQueryString(parsed.query)).toBe('from=2025-11&to=2025-12&category=delivery&channel=sms');
  });

  it.each([
    [{ from: '2026-13' }, 'from', 'Enter the first month as a year and month, such as 2026-01.'],
    [{ to: 'last month' }, 'to', 'Enter the last month as a year and month, such as 2026-01.'],
    [{ from: '2026-05', to: '2026-04' }, 'to', 'The last month must be the same as the first month or after it.'],
    [{ from: '2000-01', to: '2026-01' }, 'from', 'Choose a period of at most 120 months.'],
    [{ category: 'Delivery Issues' }, 'category', 'Choose a category from the list.'],
    [{ channel: '<script>' }, 'channel', 'Choose a channel from the list.'],
    [{ colour: 'blue' }, 'query', 'This page takes no “colour”.'],
  ])('names the problem with %j and falls back to the default period', (raw, field, message) => {
    const parsed = parseReportQuery(raw, NOW);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([{ field, message }]);
    expect(parsed.query).toMatchObject({ fromMonth: '2026-01', toMonth: '2026-12' });
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02']);
  });
});
