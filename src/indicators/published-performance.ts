import type { PromiseOutcomeCounts } from './promise-figures.js';
import { rate, type Rate } from './rate.js';

/**
 * What the code of conduct publishes of how its promises are kept (ISO 10001): aggregates only, over the last four
 * complete calendar quarters (UTC) of complaints received, so every figure stays put until the next quarter ends
 * (except as deadlines still running then come due).
 */
export interface PublishedPerformance {
  /** The first instant counted, inclusive: the start of a quarter. */
  from: string;
  /** The end, exclusive: the start of the quarter now running. */
  to: string;
  /** `2025-Q4`, oldest first. */
  quarters: string[];
  minimum: number;
  promises: PublishedPromise[];
}

export interface PublishedPromise {
  promiseId: string;
  text: string;
  /** Met on time out of those met or missed; "not enough data" below the minimum. */
  overall: Rate;
  byQuarter: { quarter: string; met: Rate }[];
}

/** The four complete calendar quarters before `now`'s. */
export function publishedQuarters(now: Date): { from: string; to: string; quarters: string[] } {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3);
  const to = new Date(Date.UTC(year, quarter * 3, 1));
  const from = new Date(Date.UTC(year - 1, quarter * 3, 1));
  const quarters = [0, 1, 2, 3].map((i) => {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i * 3, 1));
    return `${start.getUTCFullYear()}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`;
  });
  return { from: from.toISOString(), to: to.toISOString(), quarters };
}

/**
 * Each promise of the code with its figures; a promise with no deadline in the period still appears, with "not
 * enough data", and a deadline of a promise the code no longer makes is not published.
 */
export function publishedPerformance(
  promises: readonly { id: string; text: string }[],
  period: { from: string; to: string; quarters: string[] },
  overall: readonly PromiseOutcomeCounts[],
  byQuarter: readonly PromiseOutcomeCounts[],
  minimum: number,
): PublishedPerformance {
  const metRate = (counts: PromiseOutcomeCounts | undefined) => rate(counts?.met ?? 0, (counts?.met ?? 0) + (counts?.missed ?? 0), minimum);
  return {
    ...period,
    minimum,
    promises: promises.map((promise) => ({
      promiseId: promise.id,
      text: promise.text,
      overall: metRate(overall.find((counts) => counts.promiseId === promise.id)),
      byQuarter: period.quarters.map((quarter) => ({
        quarter,
        met: metRate(byQuarter.find((counts) => counts.promiseId === promise.id && counts.period === quarter)),
      })),
    })),
  };
}
