import type { types } from '@slack/bolt';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import type { HandOffOverduePayload, HandOffPostPayload, HandOffThreadPayload } from '../../src/complaints/hand-offs/hand-off-messages.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import type { SlackMessage } from './case-card.js';
import { dateInWords, escapeMrkdwn, personWords, quoted, shorten } from './staff-words.js';

/** The button on a request for a person made outside any complaint, and the modal it opens. */
export const HAND_OFF_REPLY_ACTION = 'hand_off:reply';
export const HAND_OFF_REPLY_MODAL = 'hand_off:reply';

const CHANNEL_WORDS: Record<string, string> = { webchat: 'web chat', sms: 'SMS', whatsapp: 'WhatsApp', email: 'email' };

function channelWords(channel: string): string {
  return CHANNEL_WORDS[channel] ?? escapeMrkdwn(channel);
}

function mentions(people: string[]): string {
  return people.length > 0 ? `${people.map(personWords).join(' ')} ` : '';
}

/** A customer asked for a person outside any complaint: who has to act, by when, and the way to reply. */
export function handOffPost(post: HandOffPostPayload, supervisors: string[], timeZone: string): SlackMessage {
  const by = post.dueAt ? ` Please reply by *${dateInWords(post.dueAt, timeZone)}*, as our code of conduct promises.` : ' Please reply as soon as you can.';
  const text =
    `:raising_hand: ${mentions(supervisors)}*A customer asks to talk to a person* on ${channelWords(post.channel)}, ` +
    `about no complaint yet (asked ${dateInWords(post.requestedAt, timeZone)}).${by}\n` +
    `The reply goes to them by ${channelWords(post.channel)} (${escapeMrkdwn(post.replyTo)}).`;
  return {
    text: `A customer asks to talk to a person on ${channelWords(post.channel)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: 'hand-off-actions',
        elements: [
          { type: 'button', action_id: HAND_OFF_REPLY_ACTION, text: { type: 'plain_text', text: 'Reply to customer' }, value: post.handOffId, style: 'primary' },
        ],
      },
    ],
  };
}

/** What passed between the customer and staff, under the request, and a reply that did not reach them. */
export function handOffThreadMessage(message: HandOffThreadPayload, timeZone: string): SlackMessage {
  if (message.direction === 'not_delivered') {
    const to = message.to ? ` to ${escapeMrkdwn(message.to)}` : '';
    const text =
      `:x: *Not delivered to the customer*: the reply by ${channelWords(message.channel)}${to} could not be delivered ` +
      `(${escapeMrkdwn(shorten(message.error, 300))}). Please reach the customer another way.`;
    return { text: 'Not delivered to the customer who asked for a person', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const body = escapeMrkdwn(maskContactsInText(shorten(message.text, 2800)));
  const when = dateInWords(message.at, timeZone);
  const heading =
    message.direction === 'from_customer'
      ? `:speech_balloon: *From the customer* by ${channelWords(message.channel)} · ${when}`
      : `:outbox_tray: *Sent to the customer* by ${channelWords(message.channel)}, from ${personWords(message.by)} · ${when}`;
  const summary = message.direction === 'from_customer' ? 'From the customer' : 'Sent to the customer';
  return {
    text: `${summary}: ${escapeMrkdwn(maskContactsInText(shorten(message.text, 150)))}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${heading}\n${quoted(body)}` } }],
  };
}

/** Nobody replied in time: the supervisors are told, in the channel as well as under the request. */
export function handOffOverdue(overdue: HandOffOverduePayload, supervisors: string[], timeZone: string): SlackMessage {
  const promise = overdue.promise ? `\n${quoted(escapeMrkdwn(shorten(overdue.promise, 500)))}` : '';
  const text = `:rotating_light: ${mentions(supervisors)}*Reply missed*: nobody has replied to this customer, who was promised a reply by ${dateInWords(overdue.dueAt, timeZone)}.${promise}`;
  return { text: 'Reply missed to a customer who asked for a person', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The reply form; its private metadata carries the request and where its post is, so the thread can be found. */
export function handOffReplyModal(handOffId: string, replyTo: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: HAND_OFF_REPLY_MODAL,
    private_metadata: JSON.stringify({ handOffId }),
    title: { type: 'plain_text', text: 'Reply to customer' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*This goes to the customer* ${replyTo}.` } },
      {
        type: 'input',
        block_id: 'text',
        label: { type: 'plain_text', text: 'Message to the customer' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: TEXT_LIMITS.reply },
      },
    ],
  };
}
