import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { SlackMessage } from './case-card.js';
import { textBlocks } from './case-steps.js';
import { channelWords, personWords } from './staff-words.js';

/** The button under a low survey score: a supervisor reopens the case from it in one click. */
export const SURVEY_REOPEN_ACTION = 'survey:reopen';

const score = z.number().int().nullable();
export const surveyAnswersPayload = z.object({
  low: z.boolean(),
  channel: z.string(),
  handling: score,
  outcomeScore: score,
  effort: score,
  datesKept: z.enum(['yes', 'no', 'not_sure']).nullable(),
  comment: z.string().nullable(),
  sentiment: z.string().nullable(),
});
export const surveyAnswersRecipient = z.object({
  audience: z.enum(['thread', 'assignee_and_supervisors']),
  assigneeId: z.string().nullable().optional(),
});
export type SurveyAnswersPayload = z.infer<typeof surveyAnswersPayload>;

const DATES_WORDS = { yes: 'Yes', no: 'No', not_sure: 'Not sure' } as const;
const SENTIMENT_WORDS: Record<string, string> = {
  positive: 'reads positive',
  neutral: 'reads neutral',
  negative: 'reads negative',
  not_analysed: 'not analysed (a language the analyser does not read)',
};

function scoreWords(value: number | null, of: number): string {
  return value === null ? '_not answered_' : `${value} of ${of}`;
}

/**
 * The customer's answers to the satisfaction survey, in the case's thread. A low score (1 or 2, a "no" to the promised
 * dates, or a clearly negative comment) names the person with the case and the supervisors, and offers supervisors a
 * button to reopen the case.
 */
export function surveyAnswersMessage(reference: string, answers: SurveyAnswersPayload, people: string[]): SlackMessage {
  const who = answers.low && people.length > 0 ? `${people.map(personWords).join(' ')} ` : '';
  const headline = answers.low
    ? `:warning: ${who}*Low satisfaction* on ${reference}: the customer answered the survey (${channelWords(answers.channel)}).`
    : `:bar_chart: The customer answered the satisfaction survey on ${reference} (${channelWords(answers.channel)}).`;
  const lines = [
    `*How we handled it:* ${scoreWords(answers.handling, 5)}`,
    `*The outcome:* ${scoreWords(answers.outcomeScore, 5)}`,
    `*How easy it was:* ${scoreWords(answers.effort, 7)}`,
    `*Dates we promised kept:* ${answers.datesKept ? DATES_WORDS[answers.datesKept] : '_not answered_'}`,
  ];
  if (answers.comment) lines.push(`*Anything else* (${SENTIMENT_WORDS[answers.sentiment ?? ''] ?? 'not analysed'}):`);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    // the customer's words whole, masked and escaped, in as many sections as Slack needs
    ...(answers.comment ? textBlocks(answers.comment) : []),
  ];
  if (answers.low) {
    blocks.push({
      type: 'actions',
      block_id: 'survey-actions',
      elements: [{ type: 'button', action_id: SURVEY_REOPEN_ACTION, text: { type: 'plain_text', text: 'Reopen the case' }, value: reference, style: 'danger' }],
    });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Only a supervisor can reopen the case from here.' }] });
  }
  const summary = answers.low ? `Low satisfaction on ${reference}` : `Survey answered on ${reference}`;
  return { text: summary, blocks };
}
