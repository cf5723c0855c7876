import { forStaff } from '../../src/common/text/clean-text.js';
import type { DeadlineState } from '../../src/complaints/complaint.view.js';
import type { Channel, ComplaintStatus } from '../../src/complaints/domain/complaint.js';

/** How the case card and the slash command name things for staff: plain English, never internal codes. */
export const STAGE_WORDS: Record<ComplaintStatus, string> = {
  received: 'Received, not yet acknowledged',
  acknowledged: 'Acknowledged, waiting for assessment',
  assessed: 'Assessed, investigation not started',
  investigating: 'Under investigation',
  awaiting_customer: 'Waiting for the customer to answer',
  response_proposed: 'Resolution proposed, waiting for the customer',
  resolved: 'Resolved: the customer accepted',
  unresolved: 'Unresolved',
  closed: 'Closed',
  withdrawn: 'Withdrawn by the customer',
};

const CHANNEL_WORDS: Record<Channel, string> = {
  webchat: 'Web chat',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  api: 'Staff API',
  email: 'Email',
  phone: 'Phone',
  letter: 'Letter',
  in_person: 'In person',
};

/** A channel's name for staff; one Slack has no words for is named by its id. */
export function channelWords(channel: Channel): string {
  return CHANNEL_WORDS[channel] ?? escapeMrkdwn(channel);
}

const INDICATOR_WORDS: Record<string, string> = {
  time_to_acknowledge: 'Acknowledgement',
  time_to_summary_resolution: 'Summary resolution',
  time_to_holding_response: 'Holding response',
  time_to_final_response: 'Final response',
  status_update_interval: 'Next status update',
  referral_window: 'Referral window',
  time_to_handoff_reply: 'Reply to the customer who asked for a person',
};

export function indicatorWords(indicator: string): string {
  return INDICATOR_WORDS[indicator] ?? indicator.replaceAll('_', ' ');
}

export const DEADLINE_STATE_WORDS: Record<DeadlineState, string> = {
  running: 'on track',
  paused: 'paused while the customer answers',
  overdue: ':warning: *overdue*',
  met: 'met',
  missed: 'missed',
};

/** "Monday 30 March 2026 at 17:00 BST": a date people read without converting, in the organisation's zone. */
export function dateInWords(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  })
    .format(new Date(iso))
    .replace(',', '');
}

/** A Slack user id gets a mention (Slack shows the name); anything else, such as a staff API caller, stays text. */
export function personWords(staffId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(staffId) ? `<@${staffId}>` : escapeMrkdwn(staffId);
}

/**
 * Slack reads `<…>` as links and mentions (`<!channel>`), so text from customers and staff has its three control
 * characters escaped before it goes into a message, and its bidirectional controls shown rather than obeyed.
 */
export function escapeMrkdwn(text: string): string {
  return forStaff(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts at a word boundary with an ellipsis, within Slack's per-block text limits. */
export function shorten(text: string, max: number): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Each line quoted, as Slack shows a quoted message. */
export function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Slack sends what people type with `&`, `<` and `>` as entities; the case history and customers get the characters. */
export function typedText(slackText: string): string {
  return slackText.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
