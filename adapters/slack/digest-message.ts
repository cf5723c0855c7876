import type { types } from '@slack/bolt';
import type { Rate } from '../../src/indicators/rate.js';
import type { SlackMessage } from './case-card.js';
import { countWords, footer, medianWords, scoreWords, type StaffStats } from './stats-message.js';
import { escapeMrkdwn } from './staff-words.js';

/** "67% met (n = 3)", or why there is no percentage. */
function metShort(figure: Rate | undefined): string {
  if (!figure) return 'no deadlines';
  if (!figure.enoughData) return `not enough data (${figure.count} of at least ${figure.minimum})`;
  return `${Math.round(figure.value * 100)}% (n = ${figure.count})`;
}

/** "2 (the week before: 1)". */
function compared(now: number, before: number): string {
  return `${now} (the week before: ${before})`;
}

/**
 * The weekly digest posted to the cases channel: the week's figures, each beside the week before's, the cases open and
 * overdue as it goes out, and a link to the report page.
 */
export function weeklyDigestMessage(thisWeek: StaffStats, lastWeek: StaffStats, reportsUrl: string | null): SlackMessage {
  const title = `Weekly digest: ${thisWeek.period.words}`;
  const texts = [...new Set([...thisWeek.promises, ...lastWeek.promises].map((promise) => promise.text))];
  const metOf = (stats: StaffStats, text: string) => stats.promises.find((promise) => promise.text === text)?.met;
  const promises =
    texts.length === 0
      ? 'No deadlines for the complaints received in either week.'
      : texts.map((text) => `• ${escapeMrkdwn(text)}: ${metShort(metOf(thisWeek, text))}; the week before: ${metShort(metOf(lastWeek, text))}`).join('\n');
  const beside = (words: (stats: StaffStats) => string) => `${words(thisWeek)}; the week before: ${words(lastWeek)}`;
  const times = [
    `• To acknowledge: ${beside((stats) => medianWords(stats.timeToAcknowledge))}`,
    `• To a final response: ${beside((stats) => medianWords(stats.timeToFinalResponse))}`,
  ].join('\n');
  const satisfaction = [
    `• How we handled it: ${beside((stats) => scoreWords(stats.scores.process))}`,
    `• The outcome: ${beside((stats) => scoreWords(stats.scores.outcome))}`,
    `• How easy it was (higher is easier): ${beside((stats) => scoreWords(stats.scores.effort))}`,
    `• Surveys answered: ${beside((stats) => metShort(stats.responseRate))}`,
  ].join('\n');
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Received*\n${compared(thisWeek.received, lastWeek.received)}` },
        { type: 'mrkdwn', text: `*Closed*\n${compared(thisWeek.closed, lastWeek.closed)}` },
        { type: 'mrkdwn', text: `*Open now*\n${countWords(thisWeek.openNow, thisWeek.openNowCapped)}` },
        { type: 'mrkdwn', text: `*Overdue now*\n${countWords(thisWeek.overdueNow, thisWeek.overdueNowCapped)}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Promises met*, of the complaints received each week\n${promises}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Median time*, of the complaints received each week\n${times}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*What customers said* in the satisfaction survey\n${satisfaction}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: footer(reportsUrl) }] },
  ];
  const text = `${title}: ${thisWeek.received} received (the week before: ${lastWeek.received}), ${thisWeek.closed} closed (the week before: ${lastWeek.closed}), ${countWords(thisWeek.openNow, thisWeek.openNowCapped)} open, ${countWords(thisWeek.overdueNow, thisWeek.overdueNowCapped)} overdue`;
  return { text, blocks };
}
