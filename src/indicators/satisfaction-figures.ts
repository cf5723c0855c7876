import { rate, type Rate } from './rate.js';
import type { ChannelResponses, DatesKeptCounts, ScoreCount } from './satisfaction-report.repository.js';

/** One question's scores: every score of the scale with its count, and the mean unless there are too few answers. */
export type ScoreFigures =
  | { enoughData: true; count: number; scale: number; mean: number; distribution: ScoreCount[] }
  | { enoughData: false; count: number; scale: number; minimum: number; distribution: ScoreCount[] };

/** The distribution keeps every score of the 1..scale range, a score nobody gave with a count of 0. */
export function scoreFigures(counts: readonly ScoreCount[], scale: number, minimum: number): ScoreFigures {
  const distribution = Array.from({ length: scale }, (_, index) => ({ score: index + 1, count: counts.find((row) => row.score === index + 1)?.count ?? 0 }));
  const count = distribution.reduce((sum, row) => sum + row.count, 0);
  if (count < Math.max(1, minimum)) return { enoughData: false, count, scale, minimum, distribution };
  const mean = distribution.reduce((sum, row) => sum + row.score * row.count, 0) / count;
  return { enoughData: true, count, scale, mean, distribution };
}

export interface ChannelResponseFigures {
  channel: string;
  /** Of the surveys sent by the channel, those with at least one answer. */
  responseRate: Rate;
}

export function responseFigures(rows: readonly ChannelResponses[], minimum: number): ChannelResponseFigures[] {
  return rows.map((row) => ({ channel: row.channel, responseRate: rate(row.responded, row.sent, minimum) }));
}

export interface DatesGap {
  /** Deadlines met of those met or missed, as the promises report counts them, over every promise. */
  promisesMet: Rate;
  /** "Yes" of the customers who said yes or no to "did we keep the dates we promised?"; "not sure" is left out. */
  customersSayKept: Rate;
  notSure: number;
  /** promisesMet − customersSayKept in percentage points, when both have enough data: above 0, customers saw fewer kept. */
  gapPoints: number | null;
}

export function datesGap(deadlines: { met: number; missed: number }, answers: DatesKeptCounts, minimum: number): DatesGap {
  const promisesMet = rate(deadlines.met, deadlines.met + deadlines.missed, minimum);
  const customersSayKept = rate(answers.yes, answers.yes + answers.no, minimum);
  const gapPoints = promisesMet.enoughData && customersSayKept.enoughData ? (promisesMet.value - customersSayKept.value) * 100 : null;
  return { promisesMet, customersSayKept, notSure: answers.notSure, gapPoints };
}
