import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { NewCaseEvent } from '../../src/audit/case-history.js';
import type { Complaint } from '../../src/complaints/domain/complaint.js';
import { maskContactsInText } from '../../src/contacts/contact-format.js';
import type { SlackMessage } from './case-card.js';
import { sectionsOf } from './slack-limits.js';
import { channelWords, dateInWords, escapeMrkdwn, personWords, quoted } from './staff-words.js';

/**
 * A step of the case that is part of the conversation with the customer, for the card's thread: what the customer
 * said or decided, what staff asked or offered them, and what Redress told them about it. `actor` is `customer`,
 * `redress` (Redress itself: the intake, the watches), or the staff id who took the step. `parts` are the words that
 * went with it, shown whole.
 */
export const caseStepPayload = z.object({
  direction: z.literal('case_step'),
  step: z.string(),
  actor: z.string(),
  channel: z.string().min(1),
  at: z.string(),
  parts: z.array(z.object({ label: z.string(), text: z.string() })),
  /** Facts of the step in few words (a date, a provider), shown in its headline. */
  facts: z.record(z.string(), z.string()).default({}),
});
export type CaseStepPayload = z.infer<typeof caseStepPayload>;

/** How each step is headed; `who` is already in words, `by` is the customer's channel. */
type Headline = (words: { who: string; by: string; facts: Record<string, string>; option: (id: string) => string; when: (iso: string) => string }) => string;

const HEADLINES: Record<string, Headline> = {
  'complaint.received': ({ who, by }) =>
    who === 'the customer' ? `:inbox_tray: *Complaint made by the customer* by ${by}` : `:inbox_tray: *Complaint keyed in* by ${who}, received by ${by}`,
  'complaint.acknowledged': ({ who, by }) => `:white_check_mark: *Acknowledged* by ${who}; the customer is told by ${by}`,
  'complaint.assessed': ({ who, by }) => `:clipboard: *Assessed* by ${who}; the customer is told by ${by}`,
  'complaint.information_requested': ({ who, by }) => `:question: *Question to the customer* by ${by}, from ${who}`,
  'complaint.information_received': ({ who, by }) =>
    who === 'the customer' ? `:speech_balloon: *The customer answered the question* by ${by}` : `:speech_balloon: *The customer’s answer, recorded* by ${who}`,
  'complaint.response_proposed': ({ who, by }) => `:handshake: *Resolution proposed to the customer* by ${by}, from ${who}`,
  'complaint.response_accepted': ({ who, by }) =>
    who === 'the customer' ? `:+1: *The customer accepted the resolution* (YES) by ${by}` : `:+1: *The customer accepted the resolution*, recorded by ${who}; the customer is told by ${by}`,
  'complaint.response_rejected': ({ who, by }) =>
    who === 'the customer' ? `:-1: *The customer turned the resolution down* (NO) by ${by}` : `:-1: *The customer turned the resolution down*, recorded by ${who}`,
  'complaint.holding_response_sent': ({ who, by, when, facts }) =>
    `:hourglass: *Holding response sent to the customer* by ${by}, from ${who}: the final response is expected by ${when(facts.expectedBy ?? '')}`,
  'complaint.marked_unresolved': ({ who, by }) => `:warning: *Marked unresolved* by ${who}; the customer is told by ${by}`,
  'complaint.closed': ({ who, by, facts }) =>
    `:lock: *Closed* by ${who} (${facts.accepted === 'yes' ? 'the customer accepted' : 'not accepted by the customer'}); the customer is told by ${by}`,
  'complaint.reopened': ({ who, by }) => `:leftwards_arrow_with_hook: *Reopened* by ${who}; the customer is told by ${by}`,
  'complaint.withdrawn': ({ who, by }) => `:leftwards_arrow_with_hook: *Withdrawn*, recorded by ${who}; the customer is told by ${by}`,
  'dispute.offered': ({ by, facts, option }) =>
    `:scales: *Dispute options offered to the customer* by ${by}: ${(facts.options ?? '').split(',').filter(Boolean).map(option).join(', ')}`,
  'dispute.consented': ({ who, by, facts, option }) =>
    `:scales: *${who === 'the customer' ? 'The customer' : `${who} recorded that the customer`} consented to refer it* to ${option(facts.providerId ?? '')} by ${by} (${facts.share === 'yes' ? 'the case file may be shared' : 'the case file is not to be shared'})`,
  'dispute.declined': ({ who, by }) => `:scales: *The customer declined the dispute options* by ${by}${who === 'the customer' ? '' : `, recorded by ${who}`}`,
  'dispute.deferred': ({ who, by }) => `:scales: *The customer will decide about the dispute options later* by ${by}${who === 'the customer' ? '' : `, recorded by ${who}`}`,
  'dispute.consent_withdrawn': ({ who, by }) => `:scales: *The customer withdrew their consent to refer* by ${by}${who === 'the customer' ? '' : `, recorded by ${who}`}`,
  'dispute.reoffered': ({ who, by }) => `:scales: *Dispute options offered again* by ${who}; the customer is told by ${by}`,
  'dispute.referred': ({ who, by, facts, option }) => `:scales: *Referred to ${option(facts.providerId ?? '')}* by ${who}; the customer is told by ${by}`,
  'dispute.accepted_by_provider': ({ who, by, facts, option }) =>
    `:scales: *${option(facts.providerId ?? '')} accepted the dispute* (their reference ${facts.providerReference ?? ''}), recorded by ${who}; the customer is told by ${by}`,
  'dispute.outcome_recorded': ({ who, by, facts }) => `:scales: *Dispute outcome: ${facts.outcome ?? ''}*, recorded by ${who}; the customer is told by ${by}`,
  'dispute.remedy_implemented': ({ who, by }) => `:scales: *Remedy carried out*, recorded by ${who}; the customer is told by ${by}`,
  'dispute.closed': ({ who, by }) => `:scales: *Dispute closed* by ${who}; the customer is told by ${by}`,
  'dispute.reminder_sent': ({ by }) => `:scales: *Reminder sent to the customer* by ${by}: the dispute options are still open to them`,
};

/** The conversation's steps a case event records, or null for one that is not part of it (an assignment, a note). */
export function caseStepOf(event: NewCaseEvent, after: Complaint): CaseStepPayload | null {
  if (!(event.type in HEADLINES)) return null;
  const actor = event.actor.kind === 'customer' ? 'customer' : event.actor.kind === 'staff' ? event.actor.id : 'redress';
  const step = (parts: { label: string; text: string | null | undefined }[], facts: Record<string, string> = {}): CaseStepPayload => ({
    direction: 'case_step',
    step: event.type,
    actor,
    channel: after.channel,
    at: event.at,
    parts: parts.filter((part): part is { label: string; text: string } => typeof part.text === 'string' && part.text.trim() !== ''),
    facts,
  });
  const reason = { label: 'Reason', text: event.reason ?? null };
  switch (event.type) {
    case 'complaint.received':
      return step([
        { label: 'What happened', text: event.data.description },
        { label: 'Remedy sought', text: event.data.remedySought },
      ]);
    case 'complaint.information_requested':
      return step([{ label: '', text: event.data.question }]);
    case 'complaint.information_received':
      return step([{ label: '', text: event.data.message }]);
    case 'complaint.response_proposed':
      return step([
        { label: 'Outcome offered', text: event.data.outcome },
        { label: 'Explanation', text: event.data.explanation },
      ]);
    case 'complaint.response_rejected':
      return step([{ label: 'Why', text: event.data.reason }]);
    case 'complaint.holding_response_sent':
      return step([{ label: 'Why there is no final response yet', text: event.data.reason }], { expectedBy: event.data.expectedBy });
    case 'complaint.marked_unresolved':
    case 'complaint.reopened':
      return event.actor.kind === 'customer' ? null : step([{ label: 'Reason', text: event.data.reason }]);
    case 'complaint.withdrawn':
      // a customer's own reopening or withdrawal has its alert for staff (case-thread.ts `customer_change`)
      return event.actor.kind === 'customer' ? null : step([{ label: 'Reason', text: event.data.reason }]);
    case 'complaint.closed':
      return step([{ label: 'Outcome', text: event.data.outcome }], { accepted: event.data.acceptedByCustomer ? 'yes' : 'no' });
    case 'dispute.offered':
      return step([], { options: event.data.options.join(',') });
    case 'dispute.consented':
      return step([], { providerId: event.data.providerId, share: event.data.shareCaseFile ? 'yes' : 'no' });
    case 'dispute.referred':
      return step([], { providerId: event.data.providerId });
    case 'dispute.accepted_by_provider':
      return step([], { providerId: event.data.providerId, providerReference: event.data.providerReference });
    case 'dispute.outcome_recorded':
      return step(
        [
          { label: 'Explanation', text: event.data.explanation },
          { label: 'What it asks of us', text: event.data.message },
        ],
        { outcome: event.data.outcome.replaceAll('_', ' ') },
      );
    case 'dispute.remedy_implemented':
      return step([{ label: 'How', text: event.data.explanation }]);
    default:
      return step([reason]);
  }
}

/** What the thread says of who took a step. */
function whoWords(actor: string): string {
  if (actor === 'customer') return 'the customer';
  if (actor === 'redress') return 'Redress';
  return personWords(actor);
}

/** A step in the thread: its headline, then each of its texts whole, in as many sections as Slack needs. */
export function caseStepMessage(reference: string, step: CaseStepPayload, timeZone: string, option: (id: string) => string = (id) => id): SlackMessage {
  const headline = HEADLINES[step.step] ?? (() => `*${escapeMrkdwn(step.step)}*`);
  const when = (iso: string) => (iso ? dateInWords(iso, timeZone) : 'a date not given');
  const facts = Object.fromEntries(Object.entries(step.facts).map(([key, value]) => [key, escapeMrkdwn(value)]));
  const line = headline({ who: whoWords(step.actor), by: channelWords(step.channel), facts, option: (id) => escapeMrkdwn(option(id)), when });
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${line} · ${dateInWords(step.at, timeZone)}` } }];
  for (const part of step.parts) blocks.push(...textBlocks(part.text, part.label));
  const summary = line.replace(/^:[a-z0-9_+-]+: /, '').replaceAll('*', '');
  return { text: `${summary} (${reference})`, blocks };
}

/**
 * Words someone wrote, shown as a quote whole: contacts masked, Slack's control characters escaped so that nothing
 * in them becomes a mention or a link, and split into sections within Slack's limit.
 */
export function textBlocks(text: string, label = ''): types.KnownBlock[] {
  const sections = sectionsOf(maskContactsInText(text), (piece) => quoted(escapeMrkdwn(piece)));
  if (!label) return sections;
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: `*${label}*` }] }, ...sections];
}
