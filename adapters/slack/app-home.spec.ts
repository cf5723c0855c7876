import { describe, expect, it } from '@jest/globals';
import { aComplaintIn, deadline } from '../../src/complaints/domain/complaint.fixtures.js';
import { homeView, isDueThisWeek, isOverdue } from './app-home.js';

const now = new Date('2026-03-02T12:00:00.000Z');
const context = { now, timeZone: 'Europe/London', reopenWindowDays: 30, categoryLabel: () => 'Delivery' };
const due = (at: string, settledAt: string | null = null) => aComplaintIn('investigating', { deadlines: [deadline('time_to_final_response', at, settledAt)] });

describe(isOverdue.name, () => {
  it('counts a running promise from its due instant, and never a kept one', () => {
    expect(isOverdue(due('2026-03-02T12:00:00.000Z'), now)).toBe(true);
    expect(isOverdue(due('2026-03-02T12:00:00.001Z'), now)).toBe(false);
    expect(isOverdue(due('2026-03-01T12:00:00.000Z', '2026-03-01T11:00:00.000Z'), now)).toBe(false);
  });
});

describe(isDueThisWeek.name, () => {
  it('takes what falls due in the next seven days and is not overdue yet', () => {
    expect(isDueThisWeek(due('2026-03-09T12:00:00.000Z'), now)).toBe(true);
    expect(isDueThisWeek(due('2026-03-09T12:00:00.001Z'), now)).toBe(false);
    expect(isDueThisWeek(due('2026-03-01T12:00:00.000Z'), now)).toBe(false);
  });
});

describe(homeView.name, () => {
  it('counts the person’s cases, lists at most ten of each with the rest counted, and links each to its card', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ ...due('2026-03-20T12:00:00.000Z'), reference: `REF-${String(i).padStart(4, '0')}` }));
    const view = homeView(
      { userId: 'U0HANDLER1', role: 'handler', mine: { items, total: 12 }, unassigned: { items: [], total: 0 }, teamOverdue: null, links: new Map([['REF-0000', 'https://x/p1']]) },
      context,
    );
    const shown = JSON.stringify(view);
    expect(shown).toContain('*Open*\\n12');
    expect(shown).toContain('<https://x/p1|*REF-0000*>');
    expect(shown).toContain('…and 2 more.');
    expect(shown).not.toContain('REF-0011');
    expect(shown).toContain('None: every open case has someone.');
  });
});
