import type { types } from '@slack/bolt';
import { allowedDisputeCommands } from '../../src/disputes/domain/dispute.machine.js';
import { DISPUTE_OUTCOMES, type Dispute, type DisputeOutcome, type DisputeStatus } from '../../src/disputes/domain/dispute.js';
import { dateInWords, escapeMrkdwn, shorten } from './staff-words.js';

/** The steps staff take on a dispute from the card; each acts at once or opens a modal (see `dispute-actions.ts`). */
export const DISPUTE_CARD_ACTIONS = ['refer', 'record_acceptance', 'record_outcome', 'implement_remedy', 'close'] as const;
export type DisputeCardAction = (typeof DISPUTE_CARD_ACTIONS)[number];
export const DISPUTE_ACTION_PREFIX = 'dispute:';
export const DISPUTE_MODAL_PREFIX = 'dispute-modal:';

/** The two steps that need words from staff: the provider's reference, and its outcome. */
export type DisputeModalKind = 'record_acceptance' | 'record_outcome';

const LABELS: Record<DisputeCardAction, string> = {
  refer: 'Referred to provider',
  record_acceptance: 'Provider accepted…',
  record_outcome: 'Record outcome…',
  implement_remedy: 'Remedy done',
  close: 'Close dispute',
};

const STATUS_WORDS: Record<DisputeStatus, string> = {
  offered: 'Options offered, waiting for the customer',
  deferred: 'The customer will decide later',
  declined: 'The customer declined',
  consented: 'The customer consented: refer it',
  consent_withdrawn: 'The customer withdrew consent',
  referred: 'Referred, waiting for the provider',
  accepted: 'Accepted by the provider',
  decided: 'Outcome recorded',
  remedy_implemented: 'Remedy carried out',
  closed: 'Closed',
};

export const OUTCOME_WORDS: Record<DisputeOutcome, string> = {
  settled: 'Settled',
  upheld: 'Upheld',
  not_upheld: 'Not upheld',
  withdrawn: 'Withdrawn',
};

export interface DisputeCardContext {
  now: Date;
  timeZone: string;
  optionName(id: string): string;
  /** Where staff with an API key download the printable referral pack; absent without PUBLIC_URL. */
  packUrl?: string;
}

/** The dispute's part of a case card: where it stands, the last day to refer, and the staff's next steps. */
export function disputeBlocks(dispute: Dispute, context: DisputeCardContext): types.KnownBlock[] {
  const lines = [`*Dispute (ISO 10003):* ${STATUS_WORDS[dispute.status]}`];
  lines.push(`*Options:* ${dispute.options.map((id) => escapeMrkdwn(context.optionName(id))).join(', ')}`);
  if (dispute.providerId) lines.push(`*Chosen:* ${escapeMrkdwn(context.optionName(dispute.providerId))}${dispute.consentToShare ? ' (case file may be shared)' : ' (case file not to be shared)'}`);
  if (dispute.referralDeadline) {
    const passed = Date.parse(dispute.referralDeadline) < context.now.getTime();
    lines.push(`*Last day to refer:* ${dateInWords(dispute.referralDeadline, context.timeZone)}${passed ? ' (passed)' : ''}`);
  }
  if (dispute.providerReference) lines.push(`*Provider’s reference:* ${escapeMrkdwn(dispute.providerReference)}`);
  if (dispute.outcome) lines.push(`*Outcome:* ${OUTCOME_WORDS[dispute.outcome]}`);
  if (dispute.remedy) lines.push(`*Remedy:* ${escapeMrkdwn(shorten(dispute.remedy, 300))}${dispute.remedyDueAt ? ` by ${dateInWords(dispute.remedyDueAt, context.timeZone)}` : ''}`);
  const blocks: types.KnownBlock[] = [{ type: 'section', block_id: 'dispute', text: { type: 'mrkdwn', text: lines.join('\n') } }];
  if (context.packUrl && dispute.providerId) {
    blocks.push({ type: 'context', block_id: 'dispute-pack', elements: [{ type: 'mrkdwn', text: `<${context.packUrl}|Referral pack> (staff API key needed)` }] });
  }
  const actions = disputeCardActions(dispute);
  if (actions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'dispute-actions',
      elements: actions.map((action) => ({
        type: 'button',
        action_id: `${DISPUTE_ACTION_PREFIX}${action}`,
        text: { type: 'plain_text', text: LABELS[action] },
        value: dispute.reference,
      })),
    });
  }
  return blocks;
}

export function disputeCardActions(dispute: Dispute): DisputeCardAction[] {
  const allowed = new Set<string>(allowedDisputeCommands(dispute, { kind: 'staff', id: 'card', role: 'supervisor' }));
  return DISPUTE_CARD_ACTIONS.filter((action) => allowed.has(action));
}

/** A case card with the dispute's blocks put before the case's own buttons. */
export function withDispute<T extends { blocks: types.KnownBlock[] }>(card: T, blocks: types.KnownBlock[]): T {
  const at = card.blocks.findIndex((block) => block.type === 'actions');
  const index = at === -1 ? card.blocks.length : at;
  return { ...card, blocks: [...card.blocks.slice(0, index), ...blocks, ...card.blocks.slice(index)] };
}

/** The modal for a step that needs staff's words. */
export function disputeModal(kind: DisputeModalKind, reference: string, providerName: string): types.ModalView {
  const input = (blockId: string, label: string, element: types.InputBlock['element'], optional = false): types.InputBlock => ({
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element,
    optional,
  });
  const text = (multiline = false, max = 500): types.PlainTextInput => ({ type: 'plain_text_input', action_id: 'value', multiline, max_length: max });
  const blocks: types.KnownBlock[] =
    kind === 'record_acceptance'
      ? [input('provider_reference', `${providerName}’s reference`, text(false, 100))]
      : [
          input('outcome', 'Outcome', {
            type: 'static_select',
            action_id: 'value',
            options: DISPUTE_OUTCOMES.map((outcome) => ({ text: { type: 'plain_text', text: OUTCOME_WORDS[outcome] }, value: outcome })),
          }),
          input('explanation', 'What they decided, and why', text(true, 2000)),
          input('remedy', 'What it asks us to do (settled or upheld only); due within 28 days', text(false, 500), true),
        ];
  return {
    type: 'modal',
    callback_id: `${DISPUTE_MODAL_PREFIX}${kind}`,
    private_metadata: reference,
    title: { type: 'plain_text', text: kind === 'record_acceptance' ? 'Provider accepted' : 'Provider’s outcome' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
