import type { types } from '@slack/bolt';
import type { Page } from '../../src/complaints/complaints.service.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { parseReference } from '../../src/complaints/domain/reference.js';
import type { CardContext, SlackMessage } from './case-card.js';
import { SECTION_TEXT_MAX, splitToFit } from './slack-limits.js';
import { STAGE_WORDS, dateInWords, escapeMrkdwn, personWords, typedText } from './staff-words.js';

export const COMPLAINT_COMMAND = '/complaint';

/** What `/complaint …` asks for. */
export type ComplaintRequest =
  | { kind: 'help' }
  | { kind: 'show'; reference: string }
  | { kind: 'mine' }
  | { kind: 'overdue' }
  /** `text` is as Slack sent it, in its markup (entities, `<…>` links and mentions). */
  | { kind: 'reply'; reference: string; text: string }
  /** The figures of a period, as typed after `stats` (read against the clock and zone by `parseStatsPeriod`). */
  | { kind: 'stats'; period: string }
  | { kind: 'usage'; problem?: string };

export const USAGE =
  'Usage: `/complaint REF` · `/complaint mine` · `/complaint overdue` · `/complaint reply REF message` · `/complaint stats [7d | 2026-10]` · `/complaint help`';

export function parseComplaintCommand(input: string): ComplaintRequest {
  const text = input.trim();
  const [first = '', ...rest] = text.split(/\s+/);
  switch (first.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'mine':
      return rest.length === 0 ? { kind: 'mine' } : { kind: 'usage' };
    case 'overdue':
      return rest.length === 0 ? { kind: 'overdue' } : { kind: 'usage' };
    case 'stats':
      return { kind: 'stats', period: rest.join(' ') };
    case 'reply': {
      const match = /^reply\s+(\S+)\s+([\s\S]+)$/i.exec(text);
      if (!match) return { kind: 'usage', problem: 'Say which case and what to write: `/complaint reply 7K4M-9P2Q Your refund is on its way.`' };
      const reference = parseReference(match[1]);
      if (!reference.ok) return { kind: 'usage', problem: referenceProblem(match[1], reference.reason) };
      return { kind: 'reply', reference: reference.reference, text: match[2].trim() };
    }
    default: {
      const reference = parseReference(text);
      if (reference.ok) return { kind: 'show', reference: reference.reference };
      return { kind: 'usage', problem: reference.reason === 'check' ? referenceProblem(text, 'check') : undefined };
    }
  }
}

function referenceProblem(typed: string, reason: 'length' | 'character' | 'check'): string {
  const shown = escapeMrkdwn(typed);
  return reason === 'check'
    ? `${shown} has a mistyped character: please check the reference.`
    : `${shown} is not a reference: references look like 7K4M-9P2Q.`;
}

export const HELP = [
  '*/complaint* works on complaints without leaving Slack. Only you see its answers.',
  '• `/complaint 7K4M-9P2Q`: the case, as its card shows it',
  '• `/complaint mine`: the open cases assigned to you',
  '• `/complaint overdue`: open cases with a promise past its deadline',
  '• `/complaint reply 7K4M-9P2Q message`: writes to the customer on their own channel',
  '• `/complaint stats`: open and overdue cases, and the last 30 days’ figures (`/complaint stats 7d` for the last 7 days, `/complaint stats 2026-10` for a month)',
  'In a case’s thread, whatever you write is an internal note: the customer never sees it. Only *Reply to customer* and `/complaint reply` reach the customer.',
].join('\n');

/** A page of cases as a short list: one line each, soonest promise first in words. */
export function caseList(title: string, page: Page<Complaint>, context: CardContext): SlackMessage {
  if (page.items.length === 0) {
    return { text: `${title}: none.`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}:* none.` } }] };
  }
  const lines = page.items.map((complaint) => {
    const next = complaint.deadlines
      .filter((d) => d.settledAt === null)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    const parts = [
      `*${complaint.reference}*`,
      escapeMrkdwn(context.categoryLabel(complaint.category)),
      STAGE_WORDS[complaint.status],
      complaint.assigneeId ? personWords(complaint.assigneeId) : 'unassigned',
    ];
    if (next) {
      const late = Date.parse(next.dueAt) <= context.now.getTime() ? ' :warning: overdue' : '';
      parts.push(`next promise by ${dateInWords(next.dueAt, context.timeZone)}${late}`);
    }
    return `• ${parts.join(' · ')}`;
  });
  const more = page.total > page.items.length ? `\n_…and ${page.total - page.items.length} more._` : '';
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}* (${page.total})\n${lines.join('\n')}${more}` } },
  ];
  return { text: `${title}: ${page.total}`, blocks };
}

/**
 * A reply over the limit is not sent, and not lost: the answer names the limit and gives the text back, as typed, in
 * plain-text sections within Slack's limits, for staff to shorten and send again.
 */
export function replyTooLong(reference: string, typed: string, length: number, limit: number): SlackMessage {
  const text =
    `Your reply on *${reference}* was not sent: it has ${length} characters, and a message to a customer can have at most ${limit} ` +
    '(as in the staff API, and as one long SMS takes). Here it is, to shorten and send again:';
  const pieces = splitToFit(typedText(typed), SECTION_TEXT_MAX);
  return {
    text: `Your reply on ${reference} was not sent: it is over ${limit} characters.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...pieces.map((piece): types.SectionBlock => ({ type: 'section', text: { type: 'plain_text', text: piece, emoji: false } })),
    ],
  };
}
