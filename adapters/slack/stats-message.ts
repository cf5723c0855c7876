import type { types } from '@slack/bolt';
import type { DurationFigures } from '../../src/indicators/promise-figures.js';
import { describeRate, type Rate } from '../../src/indicators/rate.js';
import type { ScoreFigures } from '../../src/indicators/satisfaction-figures.js';
import type { SlackMessage } from './case-card.js';
import { escapeMrkdwn } from './staff-words.js';
import type { StatsPeriod } from './stats-period.js';

/** What `/complaint stats` and the weekly digest show: the cases now, and the figures of one period. */
export interface StaffStats {
  period: StatsPeriod;
  /** Cases that still owe the customer something, and those of them with a promise past its deadline. */
  openNow: number;
  overdueNow: number;
  /** True when there are more than the count says: it stops at the staff list's cap, which a desk rarely reaches. */
  openNowCapped?: boolean;
  overdueNowCapped?: boolean;
  /** Complaints received in the period, and complaints closed in it (whenever received). */
  received: number;
  closed: number;
  /** Each promise's deadlines met of those met or missed, for the complaints received in the period. */
  promises: { text: string; met: Rate }[];
  timeToAcknowledge: DurationFigures;
  timeToFinalResponse: DurationFigures;
  scores: { process: ScoreFigures; outcome: ScoreFigures; effort: ScoreFigures };
  responseRate: Rate;
}

/** "12", or "1000+" where the count stopped at its cap. */
export function countWords(count: number, capped = false): string {
  return capped ? `${count}+` : String(count);
}

/** "45 min", "3 h 20 min", "2 days 4 h": a time staff read at a glance, rounded to the minute. */
export function durationWords(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} days` : `${days} days ${hours % 24} h`;
}

export function medianWords(figure: DurationFigures): string {
  if (!figure.enoughData) return `not enough data (${figure.count} of at least ${figure.minimum})`;
  return `${durationWords(figure.medianSeconds)} (n = ${figure.count})`;
}

/** "4.2 of 5 (n = 40)", or why there is no mean. */
export function scoreWords(figure: ScoreFigures): string {
  if (!figure.enoughData) return `not enough data (${figure.count} of at least ${figure.minimum})`;
  return `${figure.mean.toFixed(1)} of ${figure.scale} (n = ${figure.count})`;
}

/** The lines both the command and the digest show of a period's promises, times and satisfaction. */
export function figureLines(stats: StaffStats): { promises: string; times: string; satisfaction: string } {
  const promises =
    stats.promises.length === 0
      ? 'No deadlines for the complaints received in this period.'
      : stats.promises.map((promise) => `• ${escapeMrkdwn(promise.text)}: ${metWords(promise.met)}`).join('\n');
  const times = [`• To acknowledge: ${medianWords(stats.timeToAcknowledge)}`, `• To a final response: ${medianWords(stats.timeToFinalResponse)}`].join('\n');
  const satisfaction = [
    `• How we handled it: ${scoreWords(stats.scores.process)}`,
    `• The outcome: ${scoreWords(stats.scores.outcome)}`,
    `• How easy it was: ${scoreWords(stats.scores.effort)} (higher is easier)`,
    `• Surveys answered: ${describeRate(stats.responseRate)}`,
  ].join('\n');
  return { promises, times, satisfaction };
}

function metWords(figure: Rate): string {
  return figure.enoughData ? `${describeRate(figure)} met` : describeRate(figure);
}

/** The ephemeral answer to `/complaint stats`. */
export function statsMessage(stats: StaffStats, reportsUrl: string | null): SlackMessage {
  const lines = figureLines(stats);
  const title = `Complaints: ${stats.period.words}`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Open now*\n${countWords(stats.openNow, stats.openNowCapped)}` },
        { type: 'mrkdwn', text: `*Overdue now*\n${countWords(stats.overdueNow, stats.overdueNowCapped)}` },
        { type: 'mrkdwn', text: `*Received*\n${stats.received}` },
        { type: 'mrkdwn', text: `*Closed*\n${stats.closed}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Promises met*, of the complaints received\n${lines.promises}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Median time*, of the complaints received\n${lines.times}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*What customers said* in the satisfaction survey\n${lines.satisfaction}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: footer(reportsUrl) }] },
  ];
  return { text: `${title}: ${countWords(stats.openNow, stats.openNowCapped)} open, ${countWords(stats.overdueNow, stats.overdueNowCapped)} overdue, ${stats.received} received, ${stats.closed} closed`, blocks };
}

/** Where the full figures are, and how the ones shown are counted. */
export function footer(reportsUrl: string | null): string {
  const counted = 'Received and closed are counted by their dates in the period; "n" is how many a figure is counted from.';
  return reportsUrl ? `${counted} <${reportsUrl}|Open the full reports>` : `${counted} The full reports are at /reports on Redress's address.`;
}
