import type { types } from '@slack/bolt';
import { deadlineState } from '../../src/complaints/complaint.view.js';
import { allowedCommands } from '../../src/complaints/domain/complaint.machine.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { maskContact, maskContactsInText } from '../../src/contacts/contact-format.js';
import {
  channelWords,
  DEADLINE_STATE_WORDS,
  STAGE_WORDS,
  dateInWords,
  escapeMrkdwn,
  indicatorWords,
  personWords,
  quoted,
  shorten,
} from './staff-words.js';

/** The buttons a card can carry; each opens a modal or acts at once (see `case-actions.ts`). */
export const CARD_ACTIONS = [
  'acknowledge',
  'assign_self',
  'assign',
  'reassign',
  'assess',
  'start_investigation',
  'request_information',
  'propose_response',
  'send_holding_response',
  'close',
  'reply',
] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export const CARD_ACTION_PREFIX = 'case:';

const BUTTON_LABELS: Record<CardAction, string> = {
  acknowledge: 'Acknowledge',
  assign_self: 'Assign to me',
  assign: 'Assign to…',
  reassign: 'Reassign',
  assess: 'Assess',
  start_investigation: 'Start investigating',
  request_information: 'Ask the customer',
  propose_response: 'Propose a resolution',
  send_holding_response: 'Send holding response',
  close: 'Close',
  reply: 'Reply to customer',
};

/** The step that moves the case forward is the highlighted one. */
const PRIMARY: ReadonlySet<CardAction> = new Set(['acknowledge', 'assess', 'start_investigation', 'propose_response']);

export interface CardContext {
  now: Date;
  /** The code of conduct's zone, in which its deadlines are promised. */
  timeZone: string;
  categoryLabel(categoryId: string): string;
}

export interface SlackMessage {
  /** Shown in notifications and by screen readers where blocks are not. */
  text: string;
  blocks: types.KnownBlock[];
}

/** The buttons the workflow allows at the case's stage; the service still decides who may press them. */
export function cardActions(complaint: Complaint): CardAction[] {
  const allowed = new Set(allowedCommands(complaint.status));
  const actions: CardAction[] = [];
  if (allowed.has('acknowledge')) actions.push('acknowledge');
  if (allowed.has('assign')) actions.push(...(complaint.assigneeId ? (['reassign'] as const) : (['assign_self', 'assign'] as const)));
  for (const step of ['assess', 'start_investigation', 'request_information', 'propose_response', 'close'] as const) {
    if (allowed.has(step)) actions.push(step);
  }
  // a holding response is owed only while its promise runs (FCA 8 weeks, ASIC delay notice, CFPB 15 days)
  const holdingOwed = complaint.deadlines.some((d) => d.indicator === 'time_to_holding_response' && d.settledAt === null);
  if (allowed.has('send_holding_response') && holdingOwed) actions.push('send_holding_response');
  if (complaint.status !== 'closed' && complaint.status !== 'withdrawn') actions.push('reply');
  return actions;
}

/** What the card shows where a customer's details were: erased on request or by the retention policy. */
const ERASED = '_Erased_';

/** A complaint as staff see it in Slack: the contact masked, promises in words, and the next steps as buttons. */
export function caseCard(complaint: Complaint, context: CardContext, options: { buttons: boolean } = { buttons: true }): SlackMessage {
  const category = context.categoryLabel(complaint.category);
  const stage = STAGE_WORDS[complaint.status];
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Complaint ${complaint.reference}` } },
    { type: 'section', block_id: 'stage', text: { type: 'mrkdwn', text: stageText(complaint) } },
    {
      type: 'section',
      block_id: 'facts',
      fields: [
        field('Category', escapeMrkdwn(category)),
        field('Priority', priorityText(complaint)),
        field('Channel', channelWords(complaint.channel)),
        field('Contact', complaint.erasedAt ? ERASED : escapeMrkdwn(maskContact(complaint.contact))),
        field('Assigned to', complaint.assigneeId ? personWords(complaint.assigneeId) : 'Nobody yet'),
        field('Received', dateInWords(complaint.receivedAt, context.timeZone)),
      ],
    },
    {
      type: 'section',
      block_id: 'summary',
      text: { type: 'mrkdwn', text: `*Summary*\n${complaint.erasedAt ? ERASED : quoted(escapeMrkdwn(shorten(maskContactsInText(complaint.description), 400)))}` },
    },
    { type: 'section', block_id: 'promises', text: { type: 'mrkdwn', text: promisesText(complaint, context) } },
  ];
  const actions = options.buttons ? cardActions(complaint) : [];
  if (actions.length > 0) {
    blocks.push({ type: 'actions', block_id: 'case-actions', elements: actions.map((action) => button(action, complaint.reference)) });
  }
  if (options.buttons) {
    blocks.push({
      type: 'context',
      block_id: 'thread-rule',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Messages in this thread are internal notes: the customer never sees them. To write to the customer, use *Reply to customer*.',
        },
      ],
    });
  }
  return { text: `Complaint ${complaint.reference} · ${escapeMrkdwn(category)} · ${stage}`, blocks };
}

function field(label: string, value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

export function button(action: CardAction, reference: string): types.Button {
  return {
    type: 'button',
    action_id: `${CARD_ACTION_PREFIX}${action}`,
    text: { type: 'plain_text', text: BUTTON_LABELS[action] },
    value: reference,
    ...(PRIMARY.has(action) ? { style: 'primary' as const } : {}),
  };
}

function stageText(complaint: Complaint): string {
  const lines = [`*Stage:* ${STAGE_WORDS[complaint.status]}`];
  if (complaint.openQuestion) lines.push(`*Asked:* ${escapeMrkdwn(shorten(complaint.openQuestion, 300))}`);
  if (complaint.proposedResponse) lines.push(`*Offered:* ${escapeMrkdwn(shorten(complaint.proposedResponse.outcome, 300))}`);
  if (complaint.closure) {
    const accepted = complaint.closure.acceptedByCustomer ? 'accepted by the customer' : 'not accepted by the customer';
    lines.push(`*Outcome:* ${escapeMrkdwn(shorten(complaint.closure.outcome, 300))} (${accepted})`);
  }
  return lines.join('\n');
}

function priorityText(complaint: Complaint): string {
  const { assessment, priority } = complaint;
  if (!assessment || !priority) return 'Not assessed yet';
  const why = assessment.healthOrSafety
    ? 'health or safety'
    : `severity ${assessment.severity}, impact ${assessment.impact}, urgency ${assessment.urgency}`;
  return `${capitalise(priority)} (${why})`;
}

function promisesText(complaint: Complaint, context: CardContext): string {
  if (complaint.deadlines.length === 0) return '*Promises*\nNone apply.';
  const lines = complaint.deadlines.map((deadline) => {
    const state = DEADLINE_STATE_WORDS[deadlineState(deadline, complaint, context.now)];
    return `• ${indicatorWords(deadline.indicator)} by ${dateInWords(deadline.dueAt, context.timeZone)}: ${state}`;
  });
  return `*Promises*\n${lines.join('\n')}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
