import { customerAddress, type ContactRouting } from '../complaints/customer-address.js';
import { FINAL_RESPONSE_INDICATOR } from '../complaints/domain/complaint.js';
import type { NewOutboxMessage } from '../notifications/outbox.js';
import type { CaseChange, OutboxPolicy } from '../notifications/outbox-policies.js';
import { messagePayload } from '../notifications/rendering/message-payload.js';
import type { Dispute, OfferTrigger } from './domain/dispute.js';
import { DISPUTE_KEY_PREFIX } from './dispute-words.js';

/** The relay "delivers" these to the dispute watch at their time: the outbox is the durable scheduler. */
export const DISPUTES_CHANNEL = 'disputes';
export const DISPUTE_OFFER = 'dispute_offer';
export const DISPUTE_REMINDER = 'dispute_reminder';

/** How long an offer owed by a NO said in a conversation waits for the dialog to make it. */
export const CONVERSATION_GRACE_MS = 15 * 60_000;

export interface DisputeOfferPayload {
  [key: string]: string;
  trigger: OfferTrigger;
  /** When the organisation's last word was given: the referral window runs from it. */
  finalResponseAt: string;
}

/**
 * When a complaint stays unresolved the customer is offered the dispute options: after rejecting a proposal, when
 * staff mark it unresolved, when the final-response deadline passes, or when a supervisor closes it without the
 * customer's acceptance (a final response). The offer is made after the change commits, by the dispute watch; an offer
 * already made (the dialog makes one at once when the customer says NO) is not made again.
 */
export const disputeOffersPolicy: OutboxPolicy = ({ after, events }) =>
  events.flatMap((event): NewOutboxMessage[] => {
    let trigger: OfferTrigger | undefined;
    let finalResponseAt = event.at;
    switch (event.type) {
      case 'complaint.response_rejected':
        trigger = 'response_rejected';
        finalResponseAt = after.proposedResponse?.proposedAt ?? event.at;
        break;
      case 'complaint.marked_unresolved':
        trigger = event.actor.kind === 'system' ? 'deadline_missed' : 'marked_unresolved';
        break;
      case 'deadline.missed':
        if (event.data.indicator === FINAL_RESPONSE_INDICATOR) trigger = 'deadline_missed';
        break;
      case 'complaint.closed':
        if (!event.data.acceptedByCustomer && event.data.from === 'response_proposed') trigger = 'final_response';
        break;
      default:
        break;
    }
    if (!trigger) return [];
    const payload: DisputeOfferPayload = { trigger, finalResponseAt };
    // A customer who says NO in a conversation is shown the options there and then; this offer waits, and only a
    // customer who answered where no dialog runs (or left before it could) is written to.
    const inConversation = event.type === 'complaint.response_rejected' && event.actor.kind === 'customer';
    return [
      {
        reference: after.reference,
        channel: DISPUTES_CHANNEL,
        kind: DISPUTE_OFFER,
        recipient: {},
        payload,
        dedupeKey: `${DISPUTE_OFFER}:${after.reference}:${event.type}:${event.at}`,
        ...(inConversation ? { notBefore: new Date(Date.parse(event.at) + CONVERSATION_GRACE_MS) } : {}),
      },
    ];
  });

/** The steps the customer hears of on their channel, when someone other than themselves took them. */
const TOLD: Record<string, string> = {
  'dispute.offered': 'offered',
  'dispute.consented': 'consented',
  'dispute.declined': 'declined',
  'dispute.deferred': 'deferred',
  'dispute.consent_withdrawn': 'consent_withdrawn',
  'dispute.reoffered': 'offered',
  'dispute.referred': 'referred',
  'dispute.accepted_by_provider': 'accepted_by_provider',
  'dispute.outcome_recorded': 'outcome_recorded',
  'dispute.remedy_implemented': 'remedy_implemented',
  'dispute.closed': 'closed',
  'dispute.reminder_sent': 'reminder',
};

/**
 * Every step of a dispute owes the customer a message on their own channel, in their language, unless they took it
 * themselves in a conversation, where the dialog answers them. What fills it in is the dispute as it now stands.
 */
export function disputeMessages(channels: ContactRouting, { after, events }: CaseChange, dispute: Dispute): NewOutboxMessage[] {
  return events
    .filter((event) => event.actor.kind !== 'customer' && event.type in TOLD)
    .map((event) => {
      const { channel, address } = customerAddress(after, channels);
      return {
        reference: after.reference,
        channel,
        kind: 'dispute_update',
        recipient: { address },
        payload: messagePayload(
          `${DISPUTE_KEY_PREFIX}${TOLD[event.type]}`,
          {
            reference: after.reference,
            providerId: dispute.providerId ?? dispute.options[0] ?? null,
            providerReference: dispute.providerReference,
            referralDeadline: dispute.referralDeadline,
            outcome: dispute.outcome,
            remedy: dispute.remedy,
            remedyDueAt: dispute.remedyDueAt,
          },
          after.language,
        ),
      };
    });
}

/** The one reminder before the window closes, for a customer who asked: delivered to the dispute watch at its time. */
export function reminderCheck(reference: string, at: Date): NewOutboxMessage {
  return {
    reference,
    channel: DISPUTES_CHANNEL,
    kind: DISPUTE_REMINDER,
    recipient: {},
    payload: {},
    dedupeKey: `${DISPUTE_REMINDER}:${reference}`,
    notBefore: at,
  };
}
