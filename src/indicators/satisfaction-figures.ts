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

/** A mean over `count` answers, or only the count below the minimum. */
export type MeanFigure = { enoughData: true; count: number; mean: number } | { enoughData: false; count: number; minimum: number };

export function meanFigure(sum: number, count: number, minimum: number): MeanFigure {
  if (count < Math.max(1, minimum)) return { enoughData: false, count, minimum };
  return { enoughData: true, count, mean: sum / count };
}

/** One month of the satisfaction trend, each figure held back below the minimum like the whole-period ones. */
export interface SatisfactionMonth {
  /** `2026-07`: the month (UTC) the complaints were received in. */
  month: string;
  scores: Record<'process' | 'outcome' | 'effort', MeanFigure>;
  /** Of the surveys sent, by any channel, those with at least one answer. */
  responseRate: Rate;
  datesKept: DatesGap;
}

export interface MonthCounts {
  scores: { month: string; process: { sum: number; count: number }; outcome: { sum: number; count: number }; effort: { sum: number; count: number } }[];
  responses: { month: string; sent: number; responded: number }[];
  datesKept: (DatesKeptCounts & { month: string })[];
  /** Deadlines met and missed, summed over the promises, by month received. */
  deadlines: { month: string; met: number; missed: number }[];
}

/** Every month that has any of the counts, oldest first; a month missing from one of them counts nothing there. */
export function satisfactionTrend(counts: MonthCounts, minimum: number): SatisfactionMonth[] {
  const months = [...new Set([...counts.scores, ...counts.responses, ...counts.datesKept, ...counts.deadlines].map((row) => row.month))].sort();
  const none = { sum: 0, count: 0 };
  return months.map((month) => {
    const scores = counts.scores.find((row) => row.month === month);
    const responses = counts.responses.find((row) => row.month === month) ?? { sent: 0, responded: 0 };
    const answers = counts.datesKept.find((row) => row.month === month) ?? { yes: 0, no: 0, notSure: 0 };
    const deadlines = counts.deadlines.filter((row) => row.month === month).reduce((sum, row) => ({ met: sum.met + row.met, missed: sum.missed + row.missed }), { met: 0, missed: 0 });
    const mean = (question: 'process' | 'outcome' | 'effort') => {
      const { sum, count } = scores?.[question] ?? none;
      return meanFigure(sum, count, minimum);
    };
    return {
      month,
      scores: { process: mean('process'), outcome: mean('outcome'), effort: mean('effort') },
      responseRate: rate(responses.responded, responses.sent, minimum),
      datesKept: datesGap(deadlines, { yes: answers.yes, no: answers.no, notSure: answers.notSure }, minimum),
    };
  });
}
