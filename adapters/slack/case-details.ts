import type { types } from '@slack/bolt';
import { deadlineState } from '../../src/complaints/complaint.view.js';
import type { Complaint, Contact } from '../../src/complaints/domain/complaint.js';
import { TEXT_LIMITS } from '../../src/complaints/domain/text-limits.js';
import { maskContact } from '../../src/contacts/contact-format.js';
import type { CardContext } from './case-card.js';
import { textBlocks } from './case-steps.js';
import { MODAL_BLOCKS_MAX } from './slack-limits.js';
import { channelWords, DEADLINE_STATE_WORDS, dateInWords, escapeMrkdwn, indicatorWords } from './staff-words.js';

/** The card's "Details" button, and the modal it opens: the whole complaint, and a way to see the full contact. */
export const DETAILS_ACTION = 'details:open';
export const DETAILS_MODAL = 'details:reveal';

const LANGUAGE_WORDS: Record<string, string> = { en: 'English', es: 'Spanish' };

export function detailsButton(reference: string): types.Button {
  return { type: 'button', action_id: DETAILS_ACTION, text: { type: 'plain_text', text: 'Details' }, value: reference };
}

/**
 * Everything the customer told us, as they told it (contacts in it masked), for staff who need more than the card's
 * summary. The full contact is shown only once someone says why they need it: `revealed` is then shown in place of the
 * masked one, and the form to ask for it is gone.
 */
export function detailsModal(complaint: Complaint, context: CardContext, revealed?: Contact): types.ModalView {
  const erased = complaint.erasedAt !== null;
  const contact = erased ? '_Erased_' : revealed ? `${escapeMrkdwn(revealed.value)} (shown to you, recorded in the case history)` : escapeMrkdwn(maskContact(complaint.contact));
  const facts: types.MrkdwnElement[] = [
    fact('Customer', erased ? '_Erased_' : complaint.customerName ? escapeMrkdwn(complaint.customerName) : '_Not given_'),
    fact('Contact', contact),
    fact('Channel', channelWords(complaint.channel)),
    fact('Language', LANGUAGE_WORDS[complaint.language] ?? escapeMrkdwn(complaint.language)),
    fact('Happened on', complaint.occurredOn ? dayInWords(complaint.occurredOn) : '_Not given_'),
    fact('Received', dateInWords(complaint.receivedAt, context.timeZone)),
    fact('Category', escapeMrkdwn(context.categoryLabel(complaint.category))),
  ];
  const blocks: types.KnownBlock[] = [
    { type: 'section', fields: facts.slice(0, 4) },
    { type: 'section', fields: facts.slice(4) },
    { type: 'header', text: { type: 'plain_text', text: 'What happened' } },
    ...(erased ? [note('_Erased_')] : textBlocks(complaint.description)),
    { type: 'header', text: { type: 'plain_text', text: 'Remedy sought' } },
    ...(erased || !complaint.remedySought ? [note(erased ? '_Erased_' : '_Not given_')] : textBlocks(complaint.remedySought)),
    { type: 'header', text: { type: 'plain_text', text: 'Promises' } },
    note(promises(complaint, context)),
  ];
  const canReveal = !erased && !revealed;
  if (canReveal) {
    blocks.push({ type: 'divider' }, {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'To see the full contact, say why you need it' },
      hint: { type: 'plain_text', text: 'Only you will see it. Who saw it, when and why is kept in the case history.' },
      element: { type: 'plain_text_input', action_id: 'value', max_length: TEXT_LIMITS.disclosureReason },
    });
  }
  return {
    type: 'modal',
    callback_id: DETAILS_MODAL,
    private_metadata: JSON.stringify({ reference: complaint.reference }),
    title: { type: 'plain_text', text: `Complaint ${complaint.reference}` },
    close: { type: 'plain_text', text: 'Close' },
    ...(canReveal ? { submit: { type: 'plain_text', text: 'Reveal contact' } } : {}),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  } as types.ModalView;
}

function fact(label: string, value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

function note(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function promises(complaint: Complaint, context: CardContext): string {
  if (complaint.deadlines.length === 0) return 'None apply.';
  return complaint.deadlines
    .map((deadline) => `• ${indicatorWords(deadline.indicator)} by ${dateInWords(deadline.dueAt, context.timeZone)}: ${DEADLINE_STATE_WORDS[deadlineState(deadline, complaint, context.now)]}`)
    .join('\n');
}

/** A calendar day ("Tuesday 24 February 2026"), as the customer gave it: no time, no zone. */
function dayInWords(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${day}T12:00:00Z`))
    .replace(',', '');
}
