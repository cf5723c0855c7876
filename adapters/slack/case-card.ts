import type { types } from '@slack/bolt';
import { deadlineState } from '../../src/complaints/complaint.view.js';
import { detailsButton } from './case-details.js';
import type { CommandType } from '../../src/complaints/domain/complaint.commands.js';
import { INVOLVED_REFUSAL, isInvolved, refusalOf } from '../../src/complaints/domain/complaint.machine.js';
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
import type { StaffActor } from './staff-directory.js';

/** The buttons a card can carry; each opens a modal or acts at once (see `case-actions.ts`). */
export const CARD_ACTIONS = [
  'acknowledge',
  'assign_self',
  'assign',
  'reassign',
  'assess',
  'reassess',
  'start_investigation',
  'request_information',
  'propose_response',
  'record_answer',
  'send_holding_response',
  'mark_unresolved',
  'close',
  'withdraw',
  'reopen',
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
  reassess: 'Reassess',
  start_investigation: 'Start investigating',
  request_information: 'Ask the customer',
  propose_response: 'Propose a resolution',
  record_answer: 'Record the customer’s answer',
  send_holding_response: 'Send holding response',
  mark_unresolved: 'Mark unresolved',
  close: 'Close',
  withdraw: 'Withdraw',
  reopen: 'Reopen',
  reply: 'Reply to customer',
};

/** The workflow step behind each button; `reply` is no step but a message, open while the case has not ended. */
const COMMAND_OF: Record<Exclude<CardAction, 'reply'>, CommandType> = {
  acknowledge: 'acknowledge',
  assign_self: 'assign',
  assign: 'assign',
  reassign: 'assign',
  assess: 'assess',
  reassess: 'reassess',
  start_investigation: 'start_investigation',
  request_information: 'request_information',
  propose_response: 'propose_response',
  record_answer: 'accept_response',
  send_holding_response: 'send_holding_response',
  mark_unresolved: 'mark_unresolved',
  close: 'close',
  withdraw: 'withdraw',
  reopen: 'reopen',
};

/** The step that moves the case forward is the highlighted one. */
const PRIMARY: ReadonlySet<CardAction> = new Set(['acknowledge', 'assess', 'start_investigation', 'propose_response', 'record_answer']);

/** Ways in that no message of Redress reaches: the customer answers a proposal by phone, letter or in person. */
const OFFLINE_CHANNELS: ReadonlySet<string> = new Set(['phone', 'letter', 'in_person']);

export interface CardContext {
  now: Date;
  /** The code of conduct's zone, in which its deadlines are promised. */
  timeZone: string;
  /** How long after closure or withdrawal a case can be reopened (code of conduct). */
  reopenWindowDays: number;
  categoryLabel(categoryId: string): string;
}

export interface SlackMessage {
  /** Shown in notifications and by screen readers where blocks are not. */
  text: string;
  blocks: types.KnownBlock[];
}

/** Whom the card in the channel speaks to: it is seen by all staff, so it offers what any handler may use. */
const ANY_HANDLER: StaffActor = { kind: 'staff', id: '', role: 'handler' };
const ANY_SUPERVISOR: StaffActor = { kind: 'staff', id: '', role: 'supervisor' };

/**
 * The buttons for the case as it is now that `viewer` may use. The card in the channel is seen by every member of
 * staff, so it carries only what a handler may use; a supervisor's own steps are named under it and offered as
 * buttons in `/complaint REF`, which only the supervisor sees.
 */
export function cardActions(complaint: Complaint, context: CardContext, viewer: StaffActor = ANY_HANDLER): CardAction[] {
  const open = (action: CardAction) => actionRefusal(action, complaint, viewer, context) === null;
  const candidates: CardAction[] = [
    'acknowledge',
    ...(complaint.assigneeId ? (['reassign'] as const) : (['assign_self', 'assign'] as const)),
    'assess',
    'reassess',
    'start_investigation',
    'request_information',
    'propose_response',
    ...(OFFLINE_CHANNELS.has(complaint.channel) ? (['record_answer'] as const) : []),
    'send_holding_response',
    'mark_unresolved',
    'close',
    'withdraw',
    'reopen',
    'reply',
  ];
  return candidates.filter(open);
}

/** The steps the case's stage allows now that only a supervisor may take, kept off the card in the channel. */
export function supervisorOnlyActions(complaint: Complaint, context: CardContext): CardAction[] {
  const handlerMay = new Set(cardActions(complaint, context));
  return cardActions(complaint, context, ANY_SUPERVISOR).filter((action) => !handlerMay.has(action));
}

/**
 * Why this person may not use this button on the case now, in the workflow's own codes; null if they may. The card
 * offers buttons by stage, so a press by someone the rules keep out is answered with this.
 */
export function actionRefusal(action: CardAction, complaint: Complaint, actor: StaffActor, context: CardContext): ButtonRefusal | null {
  if (action === 'reply') {
    if (complaint.status === 'closed' || complaint.status === 'withdrawn') {
      return { code: 'complaint_ended', message: 'The complaint has ended.' };
    }
    return isInvolved(complaint, actor) ? INVOLVED_REFUSAL : null;
  }
  const refusal = refusalOf(complaint, COMMAND_OF[action], actor, context);
  if (refusal) return refusal;
  switch (action) {
    case 'assign_self':
      if (complaint.assigneeId === actor.id) return { code: 'complaint_already_assigned', message: 'The case is already yours.' };
      if (complaint.assigneeId !== null && actor.role !== 'supervisor') return REASSIGN_REFUSAL;
      return null;
    case 'assign':
    case 'reassign':
      return actor.role === 'supervisor' ? null : REASSIGN_REFUSAL;
    case 'send_holding_response':
      // a holding response is owed only while its promise runs (FCA 8 weeks, ASIC delay notice, CFPB 15 days)
      return complaint.deadlines.some((d) => d.indicator === 'time_to_holding_response' && d.settledAt === null)
        ? null
        : { code: 'complaint_invalid_transition', message: 'No holding response is owed.' };
    default:
      return null;
  }
}

/** A refusal in the codes the workflow and the complaints service answer with (`complaint_ended`). */
export interface ButtonRefusal {
  code: string;
  message: string;
}

const REASSIGN_REFUSAL: ButtonRefusal = { code: 'complaint_reassign_needs_supervisor', message: 'Only a supervisor may assign a case to someone else.' };

/** What the card shows where a customer's details were: erased on request or by the retention policy. */
const ERASED = '_Erased_';

/** A complaint as staff see it in Slack: the contact masked, promises in words, and the next steps as buttons. */
export function caseCard(
  complaint: Complaint,
  context: CardContext,
  options: { buttons: boolean; viewer?: StaffActor } = { buttons: true },
): SlackMessage {
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
  const actions = options.buttons ? cardActions(complaint, context, options.viewer) : [];
  // the whole complaint, beyond the summary, for anyone who may work on it: not for someone it names as involved
  const details = options.buttons && !(options.viewer && isInvolved(complaint, options.viewer)) ? [detailsButton(complaint.reference)] : [];
  if (actions.length + details.length > 0) {
    blocks.push({ type: 'actions', block_id: 'case-actions', elements: [...actions.map((action) => button(action, complaint.reference)), ...details] });
  }
  const supervisors = options.buttons && !options.viewer ? supervisorOnlyActions(complaint, context) : [];
  if (supervisors.length > 0) {
    const steps = supervisors.map((action) => `*${BUTTON_LABELS[action]}*`).join(', ');
    blocks.push({
      type: 'context',
      block_id: 'supervisor-steps',
      elements: [{ type: 'mrkdwn', text: `Only a supervisor may take these steps now: ${steps}. \`/complaint ${complaint.reference}\` gives a supervisor their buttons.` }],
    });
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
