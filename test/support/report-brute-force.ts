import { expect } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { CaseDeadline, Closure } from '../../src/complaints/domain/complaint.js';
import type { Dimension, IndicatorFilter, IndicatorsRepository } from '../../src/indicators/indicators.repository.js';
import { nearestRankOffset } from '../../src/indicators/quantile.js';
import type { PromiseOutcomeCounts } from '../../src/indicators/promise-figures.js';

/*
 * The report figures by their definitions, counted case by case in memory from what the complaints table and the case
 * histories hold: what the reports' own rows and monthly sums must agree with.
 */

export interface RawCase {
  reference: string;
  receivedAt: string;
  category: string;
  channel: string;
  closure: Closure | null;
  acknowledgedAt: string | null;
  pausedAt: string | null;
  deadlines: CaseDeadline[];
  events: { type: string; at: string }[];
}

/** Every complaint as stored, with its workflow history: what the brute force counts from. */
export async function rawCases(dataSource: DataSource): Promise<RawCase[]> {
  const rows = (await dataSource.query(
    'SELECT reference, received_at, category, channel, closure, acknowledged_at, paused_at, deadlines FROM complaints',
  )) as Record<string, string | null>[];
  const events = (await dataSource.query('SELECT reference, type, at FROM case_events ORDER BY reference, seq')) as { reference: string; type: string; at: string }[];
  return rows.map((row) => ({
    reference: row.reference as string,
    receivedAt: row.received_at as string,
    category: row.category as string,
    channel: row.channel as string,
    closure: row.closure ? (JSON.parse(row.closure) as Closure) : null,
    acknowledgedAt: row.acknowledged_at,
    pausedAt: row.paused_at,
    deadlines: JSON.parse(row.deadlines as string) as CaseDeadline[],
    events: events.filter((event) => event.reference === row.reference),
  }));
}

function selected(c: RawCase, filter: IndicatorFilter): boolean {
  return (
    (!filter.from || c.receivedAt >= filter.from) &&
    (!filter.to || c.receivedAt < filter.to) &&
    (!filter.category || c.category === filter.category) &&
    (!filter.channel || c.channel === filter.channel)
  );
}

const quarter = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) + 2) / 3)}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The promise figures by definition, deadline by deadline, from the cases' JSON and history. */
export function bruteOutcomes(cases: RawCase[], filter: IndicatorFilter, asOf: string, grouping?: 'month' | 'quarter'): PromiseOutcomeCounts[] {
  const counts = new Map<string, PromiseOutcomeCounts>();
  for (const c of cases.filter((c) => selected(c, filter))) {
    for (const d of c.deadlines) {
      if (filter.promiseId && d.promiseId !== filter.promiseId) continue;
      let outcome: 'met' | 'missed' | 'pending' | 'notApplicable';
      if (d.settledAt === null) {
        if (c.pausedAt !== null && !d.runsWhilePaused && d.dueAt > c.pausedAt) outcome = 'pending';
        else outcome = d.dueAt < asOf ? 'missed' : 'pending';
      } else if (d.settledAt > d.dueAt) outcome = 'missed';
      else if (c.events.some((e) => (e.type === 'complaint.closed' || e.type === 'complaint.withdrawn') && e.at === d.settledAt)) outcome = 'notApplicable';
      else outcome = 'met';
      const month = c.receivedAt.slice(0, 7);
      const period = grouping === 'month' ? month : grouping === 'quarter' ? quarter(month) : undefined;
      const key = `${d.promiseId}|${period ?? ''}`;
      const sum = counts.get(key) ?? { promiseId: d.promiseId, ...(period ? { period } : {}), met: 0, missed: 0, pending: 0, notApplicable: 0 };
      sum[outcome]++;
      counts.set(key, sum);
    }
  }
  return [...counts.values()].sort((a, b) => cmp(a.promiseId, b.promiseId) || cmp(a.period ?? '', b.period ?? ''));
}

export function bruteVolumes(cases: RawCase[], dimension: Dimension, filter: IndicatorFilter, byMonth: boolean) {
  const keyOf = (c: RawCase) => ({ category: c.category, channel: c.channel, rootCause: c.closure?.rootCause ?? null, outcome: c.closure?.outcome ?? null })[dimension];
  const counts = new Map<string, { key: string | null; count: number; month?: string }>();
  for (const c of cases.filter((c) => selected(c, filter))) {
    const month = c.receivedAt.slice(0, 7);
    const id = `${byMonth ? month : ''}|${keyOf(c) ?? '\u0001'}`;
    const v = counts.get(id) ?? { key: keyOf(c), count: 0, ...(byMonth ? { month } : {}) };
    v.count++;
    counts.set(id, v);
  }
  return [...counts.values()].sort(
    (a, b) => cmp(a.month ?? '', b.month ?? '') || b.count - a.count || Number(a.key === null) - Number(b.key === null) || cmp(a.key ?? '', b.key ?? ''),
  );
}

export function bruteCounts(cases: RawCase[], filter: IndicatorFilter) {
  const chosen = cases.filter((c) => selected(c, filter));
  const ever = (c: RawCase, ...types: string[]) => c.events.some((e) => types.includes(e.type));
  return {
    received: chosen.length,
    ended: chosen.filter((c) => ever(c, 'complaint.closed', 'complaint.withdrawn')).length,
    reopened: chosen.filter((c) => ever(c, 'complaint.reopened')).length,
    withdrawn: chosen.filter((c) => ever(c, 'complaint.withdrawn')).length,
  };
}

export function bruteDurations(cases: RawCase[], duration: 'acknowledge' | 'finalResponse', filter: IndicatorFilter): number[] {
  return cases
    .filter((c) => selected(c, filter))
    .flatMap((c) => {
      const end = duration === 'acknowledge' ? c.acknowledgedAt : (c.events.filter((e) => e.type === 'complaint.response_proposed').map((e) => e.at).sort()[0] ?? null);
      return end === null ? [] : [Math.round((Date.parse(end) - Date.parse(c.receivedAt)) / 1000)];
    })
    .sort((a, b) => a - b);
}


/** Every figure of IndicatorsRepository, for each filter (and each moment for the promises), equals the brute force's. */
export async function expectFiguresOf(indicators: IndicatorsRepository, cases: RawCase[], filters: IndicatorFilter[], asOfs: string[]): Promise<void> {
  for (const filter of filters) {
    const context = JSON.stringify(filter);
    for (const asOf of asOfs) {
      for (const grouping of [undefined, 'month', 'quarter'] as const) {
        expect({ context, asOf, grouping, outcomes: await indicators.promiseOutcomes(filter, asOf, grouping) }).toEqual({
          context,
          asOf,
          grouping,
          outcomes: bruteOutcomes(cases, filter, asOf, grouping),
        });
      }
    }
    expect({ context, counts: await indicators.caseCounts(filter) }).toEqual({ context, counts: bruteCounts(cases, filter) });
    for (const dimension of ['category', 'channel', 'rootCause', 'outcome'] as const) {
      for (const byMonth of [false, true]) {
        expect({ context, dimension, volumes: await indicators.volumes(dimension, filter, byMonth) }).toEqual({ context, dimension, volumes: bruteVolumes(cases, dimension, filter, byMonth) });
      }
    }
    for (const duration of ['acknowledge', 'finalResponse'] as const) {
      const sorted = bruteDurations(cases, duration, filter);
      expect({ context, duration, count: await indicators.durationCount(duration, filter) }).toEqual({ context, duration, count: sorted.length });
      if (sorted.length === 0) continue;
      for (const q of [0.5, 0.9, 1]) {
        const offset = nearestRankOffset(sorted.length, q);
        expect({ context, duration, q, value: await indicators.durationAt(duration, filter, offset) }).toEqual({ context, duration, q, value: sorted[offset] });
      }
    }
  }
}
