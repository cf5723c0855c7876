import type { AppServices } from './app-services.js';
import { Random } from './random.js';
import { referenceOf } from './seed-plan.js';

export type Target = 'scales' | 'report';

/** One read the staff or a manager makes, through the app's own services. */
export interface Operation {
  name: string;
  /** `scales`: at 1 M it may cost at most twice what it costs at 100 k. `report`: under 300 ms at 1 M on SQLite. */
  target: Target;
  run(app: AppServices): Promise<unknown>;
}

/** The twelve complete calendar months before `now`: the window of a monthly management review. */
export function lastTwelveMonths(now: Date): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

const OPEN_WORK = ['acknowledged', 'assessed', 'investigating', 'awaiting_customer'] as const;

export function operations(size: number, now: Date): Operation[] {
  const random = new Random(size);
  const year = lastTwelveMonths(now);
  return [
    { name: 'lookup by reference', target: 'scales', run: (app) => app.complaints.get(referenceOf(random.int(size))) },
    {
      name: 'list: open billing cases, page 1',
      target: 'scales',
      run: (app) => app.complaints.list({ status: [...OPEN_WORK], category: 'billing', page: 1, pageSize: 20 }),
    },
    { name: 'list: closed billing cases, page 1', target: 'scales', run: (app) => app.complaints.list({ status: ['closed'], category: 'billing', page: 1, pageSize: 20 }) },
    { name: 'list: closed billing cases, page 100', target: 'scales', run: (app) => app.complaints.list({ status: ['closed'], category: 'billing', page: 100, pageSize: 20 }) },
    { name: 'list: overdue, page 1', target: 'scales', run: (app) => app.complaints.list({ overdue: true, page: 1, pageSize: 20 }) },
    { name: 'report: promises, 12 months, by month', target: 'report', run: (app) => app.indicators.promises(year, 'month') },
    { name: 'report: promises, all time', target: 'report', run: (app) => app.indicators.promises({}) },
    { name: 'report: complaints, 12 months', target: 'report', run: (app) => app.indicators.complaints(year) },
    { name: 'report: complaints, all time', target: 'report', run: (app) => app.indicators.complaints({}) },
    { name: 'report: satisfaction, 12 months', target: 'report', run: (app) => app.satisfaction.report(year) },
    { name: 'report: satisfaction, all time', target: 'report', run: (app) => app.satisfaction.report({}) },
    { name: 'report: disputes, 12 months', target: 'report', run: (app) => app.disputes.report(year) },
    { name: 'report: disputes, all time', target: 'report', run: (app) => app.disputes.report({}) },
  ];
}

export interface Timing {
  runs: number;
  medianMs: number;
  p90Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Times an operation after warming it up (statements prepared, caches filled): up to `maxRuns`, stopping earlier once
 * `budgetMs` is spent but never before `minRuns`. A read that takes seconds is warm after one run and is timed three
 * times more (once more past ten seconds): its verdict is plain, and seven runs would take many minutes.
 */
export async function time(app: AppServices, operation: Operation, options = { warmUp: 3, minRuns: 7, maxRuns: 200, budgetMs: 5000 }): Promise<Timing> {
  const first = performance.now();
  await operation.run(app);
  const firstMs = performance.now() - first;
  const slow = firstMs > 1000;
  for (let i = 1; i < (slow ? 1 : options.warmUp); i++) await operation.run(app);
  if (slow) options = { ...options, minRuns: firstMs > 10_000 ? 1 : 3, maxRuns: firstMs > 10_000 ? 1 : 3 };
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < options.maxRuns && (samples.length < options.minRuns || performance.now() - started < options.budgetMs)) {
    const t0 = performance.now();
    await operation.run(app);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { runs: samples.length, medianMs: percentile(samples, 0.5), p90Ms: percentile(samples, 0.9) };
}
