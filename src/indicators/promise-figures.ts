import { nearestRankOffset } from './quantile.js';
import { rate, type Rate } from './rate.js';

/** How the deadlines of one promise (in one period, when grouped) stand; see IndicatorsRepository.promiseOutcomes. */
export interface PromiseOutcomeCounts {
  promiseId: string;
  /** `2026-07` by month, `2026-Q3` by quarter, of when the complaint was received; absent when not grouped. */
  period?: string;
  met: number;
  missed: number;
  pending: number;
  notApplicable: number;
}

export interface PromiseFigures {
  promiseId: string;
  period?: string;
  /** Every deadline of the promise, whatever became of it. */
  deadlines: number;
  /**
   * The headline: kept on time, out of those whose outcome is known (met or missed). Deadlines still running and
   * deadlines made moot are left out, as neither kept nor broke the promise.
   */
  met: Rate;
  /** Each outcome's share of all the deadlines. */
  shares: { met: Rate; missed: Rate; pending: Rate; notApplicable: Rate };
}

export function promiseFigures(counts: PromiseOutcomeCounts, minimum: number): PromiseFigures {
  const deadlines = counts.met + counts.missed + counts.pending + counts.notApplicable;
  return {
    promiseId: counts.promiseId,
    ...(counts.period === undefined ? {} : { period: counts.period }),
    deadlines,
    met: rate(counts.met, counts.met + counts.missed, minimum),
    shares: {
      met: rate(counts.met, deadlines, minimum),
      missed: rate(counts.missed, deadlines, minimum),
      pending: rate(counts.pending, deadlines, minimum),
      notApplicable: rate(counts.notApplicable, deadlines, minimum),
    },
  };
}

export const QUANTILES = { median: 0.5, p90: 0.9 } as const;

/** A distribution of durations in seconds, or only its count below the minimum. */
export type DurationFigures =
  | { enoughData: true; count: number; medianSeconds: number; p90Seconds: number }
  | { enoughData: false; count: number; minimum: number };

/** Where the median and the 90th percentile sit among `count` sorted durations, or null when too few to say. */
export function quantileOffsets(count: number, minimum: number): { median: number; p90: number } | null {
  if (count < Math.max(1, minimum)) return null;
  return { median: nearestRankOffset(count, QUANTILES.median), p90: nearestRankOffset(count, QUANTILES.p90) };
}
