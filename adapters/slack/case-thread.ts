import { createHash } from 'node:crypto';
import { z } from 'zod';
import { actorLabel, type NewCaseEvent } from '../../src/audit/case-history.js';
import type { Channel, Complaint } from '../../src/complaints/domain/complaint.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import type { OutboxPolicy } from '../../src/notifications/outbox-policies.js';
import type { types } from '@slack/bolt';
import { button, type SlackMessage } from './case-card.js';
import { caseStepMessage, caseStepOf, caseStepPayload, textBlocks } from './case-steps.js';
import { channelWords, dateInWords, escapeMrkdwn, indicatorWords, personWords, quoted, shorten } from './staff-words.js';

export const SLACK_CHANNEL = 'slack';
/** Brings the complaint's card up to date (posting it the first time); drawn from the case as it is at delivery. */
export const CASE_CARD = 'case_card';
/** One event of the conversation with the customer, mirrored into the card's thread. */
export const THREAD_MESSAGE = 'thread_message';
/** Owed by the deadline watch (src/deadlines): a promise is near its deadline, or has missed it. */
export const DEADLINE_ALERTS = ['deadline_warning', 'deadline_missed'] as const;

const channel = z.string().min(1);

export const threadMessagePayload = z.discriminatedUnion('direction', [
  z.object({ direction: z.literal('from_customer'), text: z.string(), channel, at: z.string() }),
  z.object({
    direction: z.literal('to_customer'),
    text: z.string(),
    channel,
    /** Who wrote to the customer: a Slack user id, or the history's label for anyone else (`staff:api`). */
    by: z.string(),
    at: z.string(),
  }),
  /** The customer asked to talk to a person about the case; `dueAt` is when the code of conduct promises a reply by. */
  z.object({
    direction: z.literal('hand_off'),
    channel,
    dueAt: z.string().nullable(),
    assigneeId: z.string().nullable(),
    at: z.string(),
  }),
  /** The customer withdrew the complaint, or had it reopened, from the conversation. */
  z.object({
    direction: z.literal('customer_change'),
    change: z.enum(['withdrawn', 'reopened']),
    /** The customer's channel; rows written before it was kept have none. */
    channel: z.string().optional(),
    reason: z.string().nullable(),
    assigneeId: z.string().nullable(),
    at: z.string(),
  }),
  /**
   * A message owed to the customer that failed for good, at send time or as the provider reported later: staff have
   * to find another way. `to` is the masked address it was going to, when there is one to show.
   */
  z.object({ direction: z.literal('not_delivered'), kind: z.string(), channel: z.string(), to: z.string().optional(), error: z.string(), at: z.string() }),
  /** A file the customer sent, uploaded into the thread with this line (src/evidence). */
  z.object({
    direction: z.literal('evidence'),
    evidenceId: z.string(),
    channel,
    kind: z.enum(['image', 'pdf', 'text']),
    size: z.number(),
    at: z.string(),
  }),
  caseStepPayload,
]);
export type ThreadMessagePayload = z.infer<typeof threadMessagePayload>;

export const deadlineAlertPayload = z.object({
  indicator: z.string(),
  promise: z.string(),
  dueAt: z.string(),
  /** What the person with the case is asked for before the deadline: a holding response. */
  needs: z.literal('holding_response').optional(),
});
export const deadlineAlertRecipient = z.object({
  audience: z.enum(['assignee', 'supervisors']),
  assigneeId: z.string().nullable().optional(),
});

/** Where a card goes; the deadline watch's alerts name no channel and go to the card wherever it is. */
export const cardRecipient = z.object({ channel: z.string().min(1).optional() });

/**
 * What every change to a case owes Slack: the card brought up to date, and what passed between Redress and the
 * customer mirrored into its thread. Nothing here ever addresses the customer.
 */
export function slackCasePolicy(casesChannel: string): OutboxPolicy {
  return ({ after, events }) => {
    const recipient = { channel: casesChannel };
    const mirrored = events.flatMap((event): ThreadMessagePayload[] => {
      switch (event.type) {
        case 'message.received_from_customer':
          return [{ direction: 'from_customer', text: event.data.text, channel: channelOf(event.data.channel, after), at: event.at }];
        case 'message.sent_to_customer':
          return [
            {
              direction: 'to_customer',
              text: event.data.text,
              channel: channelOf(event.data.channel, after),
              by: event.actor.kind === 'staff' ? event.actor.id : actorLabel(event.actor),
              at: event.at,
            },
          ];
        case 'handoff.requested':
          return [
            {
              direction: 'hand_off',
              channel: channelOf(event.data.channel, after),
              dueAt: event.data.dueAt,
              assigneeId: after.assigneeId,
              at: event.at,
            },
          ];
        case 'complaint.withdrawn':
        case 'complaint.reopened':
          if (event.actor.kind !== 'customer') return stepOf(event, after);
          return [
            {
              direction: 'customer_change',
              change: event.type === 'complaint.withdrawn' ? 'withdrawn' : 'reopened',
              channel: after.channel,
              reason: event.data.reason ?? null,
              assigneeId: after.assigneeId,
              at: event.at,
            },
          ];
        case 'evidence.added':
          return [{ direction: 'evidence', evidenceId: event.data.evidenceId, channel: channelOf(event.data.origin, after), kind: event.data.kind, size: event.data.size, at: event.at }];
        case 'message.delivery_failed':
          return [
            {
              direction: 'not_delivered',
              kind: event.data.kind,
              channel: event.data.channel,
              ...(event.data.contact === undefined ? {} : { to: event.data.contact }),
              error: event.data.error,
              at: event.at,
            },
          ];
        default:
          return stepOf(event, after);
      }
    });
    return [
      { reference: after.reference, channel: SLACK_CHANNEL, kind: CASE_CARD, recipient, payload: { status: after.status } },
      ...mirrored.map((payload) => ({
        reference: after.reference,
        channel: SLACK_CHANNEL,
        kind: THREAD_MESSAGE,
        recipient,
        payload,
        // one post per event of the conversation, however often the change that recorded it is written
        dedupeKey: `${THREAD_MESSAGE}:${after.reference}:${createHash('sha256').update(JSON.stringify(payload)).digest('base64url')}`,
      })),
    ];
  };
}

function stepOf(event: NewCaseEvent, after: Complaint): ThreadMessagePayload[] {
  const step = caseStepOf(event, after);
  return step ? [step] : [];
}

function channelOf(value: unknown, complaint: Complaint): Channel {
  return typeof value === 'string' && value !== '' ? value : complaint.channel;
}

/** A mirrored message, marked so that nobody mistakes what the customer said for what was sent to them. */
export function threadMessage(
  reference: string,
  message: ThreadMessagePayload,
  timeZone: string,
  people: string[] = [],
  option: (id: string) => string = (id) => id,
): SlackMessage {
  const when = dateInWords(message.at, timeZone);
  switch (message.direction) {
    case 'case_step':
      return caseStepMessage(reference, message, timeZone, option);
    case 'from_customer':
      return mirrored(
        `From the customer (${reference})`,
        `:speech_balloon: *From the customer* by ${channelWords(message.channel)} · ${when}`,
        message.text,
      );
    case 'to_customer':
      return mirrored(
        `Sent to the customer (${reference})`,
        `:outbox_tray: *Sent to the customer* by ${channelWords(message.channel)}, from ${personWords(message.by)} · ${when}`,
        message.text,
      );
    case 'hand_off': {
      const who = people.length > 0 ? `${people.map(personWords).join(' ')} ` : '';
      const by = message.dueAt
        ? ` Please reply to them with *Reply to customer* by *${dateInWords(message.dueAt, timeZone)}*, as our code of conduct promises.`
        : ' Please reply to them with *Reply to customer* as soon as you can.';
      const text = `:raising_hand: ${who}*The customer asks to talk to a person* about ${reference}, by ${channelWords(message.channel)} · ${when}.${by}`;
      return { text: `The customer asks to talk to a person (${reference})`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
    case 'customer_change': {
      const who = people.length > 0 ? `${people.map(personWords).join(' ')} ` : '';
      const what = message.change === 'withdrawn' ? 'withdrew' : 'reopened';
      const text = `:leftwards_arrow_with_hook: ${who}*The customer ${what} ${reference}*${message.channel ? ` by ${channelWords(message.channel)}` : ''} · ${when}`;
      const reason = message.reason ? textBlocks(message.reason) : [];
      return { text: `The customer ${what} ${reference}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...reason] };
    }
    case 'evidence': {
      const what = { image: 'a photo', pdf: 'a PDF document', text: 'a text file' }[message.kind];
      const text = `:paperclip: *The customer sent ${what}* (${sizeInWords(message.size)}) by ${channelWords(message.channel)} · ${when}`;
      return { text: `The customer sent ${what} (${reference})`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
    case 'not_delivered': {
      const how = channelWords(message.channel);
      const what = escapeMrkdwn(message.kind.replaceAll('_', ' '));
      const to = message.to ? ` to ${escapeMrkdwn(message.to)}` : '';
      const text =
        `:x: *Not delivered to the customer*: a ${what} by ${how}${to} could not be delivered (${escapeMrkdwn(shorten(message.error, 300))}). ` +
        'Please reach the customer another way.';
      return { text: `Not delivered to the customer (${reference})`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
  }
}

/** What passed between the customer and Redress, whole: as many sections as it takes, so that nothing is cut. */
function mirrored(summary: string, heading: string, body: string): SlackMessage {
  return {
    text: `${summary}: ${escapeMrkdwn(maskContactsInText(shorten(body, 150)))}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: heading } }, ...textBlocks(body)],
  };
}

/** A deadline alert in the card's thread, mentioning whoever has to act so that Slack notifies them. */
export function deadlineAlert(
  reference: string,
  kind: (typeof DEADLINE_ALERTS)[number],
  alert: z.infer<typeof deadlineAlertPayload>,
  people: string[],
  timeZone: string,
): SlackMessage {
  const who = people.length > 0 ? `${people.map(personWords).join(' ')} ` : '';
  const promise = indicatorWords(alert.indicator);
  const due = dateInWords(alert.dueAt, timeZone);
  const line =
    kind === 'deadline_warning'
      ? `:hourglass_flowing_sand: ${who}*Deadline near* on ${reference}: ${promise} by ${due}.`
      : `:rotating_light: ${who}*Deadline missed* on ${reference}: ${promise} was due ${due}.`;
  const promiseText = alert.promise ? `\n${quoted(escapeMrkdwn(shorten(alert.promise, 500)))}` : '';
  const summary = kind === 'deadline_warning' ? 'Deadline near' : 'Deadline missed';
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${line}${promiseText}` } }];
  if (alert.needs === 'holding_response') {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: 'If the final response cannot go out in time, send the holding response now: your reasons and when you expect to answer.' } },
      { type: 'actions', elements: [button('send_holding_response', reference)] },
    );
  }
  return { text: `${summary} on ${reference}: ${promise}`, blocks };
}

/** "48 KB", "2.5 MB": a file's size as staff read it. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
