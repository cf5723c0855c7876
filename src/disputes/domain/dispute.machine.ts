import type { CaseEvent } from '../../complaints/domain/case-events.js';
import type { Actor } from '../../complaints/domain/complaint.commands.js';
import type { DisputeCommand, DisputeCommandType } from './dispute.commands.js';
import { INTERNAL_REVIEW, type Dispute, type DisputeStatus, type OfferTrigger } from './dispute.js';

/** What the machine needs from outside, so that it stays a pure function. */
export interface DisputeContext {
  now: Date;
  /** Days the organisation gives itself to carry out a remedy the provider's outcome asks for. */
  remedyDays: number;
}

export type DisputeRejectionCode =
  | 'dispute_invalid_transition'
  | 'dispute_actor_not_allowed'
  | 'dispute_needs_supervisor'
  | 'dispute_option_not_offered'
  | 'dispute_remedy_outstanding'
  | 'dispute_no_remedy_owed'
  | 'dispute_remedy_not_expected'
  | 'dispute_reminder_not_owed';

export type DisputeDecision =
  | { ok: true; dispute: Dispute; events: CaseEvent[] }
  | { ok: false; code: DisputeRejectionCode; message: string; allowed: DisputeCommandType[] };

type ActorKind = Actor['kind'];
const CUSTOMER_OR_STAFF: ActorKind[] = ['customer', 'staff'];
const STAFF: ActorKind[] = ['staff'];

interface Transition {
  from: readonly DisputeStatus[];
  /** `null` keeps the status. */
  to: DisputeStatus | null;
  actors: ActorKind[];
}

/** The ISO 10003 journey. Nothing changes a dispute's status except a row of this table. */
export const DISPUTE_TRANSITIONS: Record<DisputeCommandType, Transition> = {
  consent: { from: ['offered', 'deferred'], to: 'consented', actors: CUSTOMER_OR_STAFF },
  decline: { from: ['offered', 'deferred'], to: 'declined', actors: CUSTOMER_OR_STAFF },
  defer: { from: ['offered'], to: 'deferred', actors: CUSTOMER_OR_STAFF },
  withdraw_consent: { from: ['consented'], to: 'consent_withdrawn', actors: CUSTOMER_OR_STAFF },
  reoffer: { from: ['declined', 'consent_withdrawn', 'deferred'], to: 'offered', actors: CUSTOMER_OR_STAFF },
  refer: { from: ['consented'], to: 'referred', actors: STAFF },
  record_acceptance: { from: ['referred'], to: 'accepted', actors: STAFF },
  record_outcome: { from: ['accepted'], to: 'decided', actors: STAFF },
  implement_remedy: { from: ['decided'], to: 'remedy_implemented', actors: STAFF },
  close: { from: ['decided', 'remedy_implemented', 'declined', 'consent_withdrawn'], to: 'closed', actors: STAFF },
  remind: { from: ['offered', 'deferred'], to: null, actors: ['system'] },
};

const COMMAND_TYPES = Object.keys(DISPUTE_TRANSITIONS) as DisputeCommandType[];

/** Commands allowed from this stage, for this actor if one is given (for buttons and 409 answers). */
export function allowedDisputeCommands(dispute: Dispute, actor?: Actor): DisputeCommandType[] {
  return COMMAND_TYPES.filter((type) => {
    const transition = DISPUTE_TRANSITIONS[type];
    if (!transition.from.includes(dispute.status)) return false;
    if (actor && !transition.actors.includes(actor.kind)) return false;
    if (type === 'implement_remedy') return dispute.remedyDueAt !== null;
    if (type === 'close' && dispute.status === 'decided') return dispute.remedyDueAt === null;
    if (type === 'remind') return dispute.remindersWanted && dispute.reminderSentAt === null;
    return true;
  });
}

/** A new offer of the options: the start of every dispute. */
export function offerDispute(
  reference: string,
  offer: { trigger: OfferTrigger; options: string[]; referralDeadline: string | null },
  now: Date,
): { dispute: Dispute; events: CaseEvent[] } {
  const at = now.toISOString();
  const dispute: Dispute = {
    reference,
    status: 'offered',
    trigger: offer.trigger,
    options: [...offer.options],
    providerId: null,
    referralDeadline: offer.referralDeadline,
    wordingVersion: null,
    consentToShare: false,
    remindersWanted: false,
    providerReference: null,
    outcome: null,
    remedy: null,
    remedyDueAt: null,
    offeredAt: at,
    answeredAt: null,
    referredAt: null,
    acceptedAt: null,
    decidedAt: null,
    remedyImplementedAt: null,
    closedAt: null,
    reminderSentAt: null,
    updatedAt: at,
  };
  return {
    dispute,
    events: [{ type: 'dispute.offered', data: { trigger: offer.trigger, options: dispute.options, referralDeadline: offer.referralDeadline } }],
  };
}

/**
 * A provider's outcome binds the organisation and closing ends the customer's route to it, so a supervisor records
 * them; an internal review is a supervisor's to take on.
 */
function needsSupervisor(dispute: Dispute, type: DisputeCommandType): boolean {
  if (type === 'record_outcome' || type === 'close') return true;
  return type === 'record_acceptance' && dispute.providerId === INTERNAL_REVIEW;
}

function reject(dispute: Dispute, code: DisputeRejectionCode, message: string): DisputeDecision {
  return { ok: false, code, message, allowed: allowedDisputeCommands(dispute) };
}

const DAY_MS = 86_400_000;

/**
 * Decides what a command does to a dispute: the new dispute and what changed, or why not. Pure: the same dispute,
 * command, actor and context always give the same decision.
 */
export function decideDispute(dispute: Dispute, command: DisputeCommand, actor: Actor, ctx: DisputeContext): DisputeDecision {
  const transition = DISPUTE_TRANSITIONS[command.type];
  if (!transition.from.includes(dispute.status)) {
    return reject(dispute, 'dispute_invalid_transition', `A dispute that is ${dispute.status} cannot ${command.type}.`);
  }
  if (!transition.actors.includes(actor.kind)) {
    return reject(dispute, 'dispute_actor_not_allowed', `Only ${transition.actors.join(' or ')} may ${command.type}.`);
  }
  if (needsSupervisor(dispute, command.type) && !(actor.kind === 'staff' && actor.role === 'supervisor')) {
    return reject(dispute, 'dispute_needs_supervisor', `Only a supervisor may ${command.type.replace('_', ' ')} here.`);
  }
  const now = ctx.now.toISOString();
  const from = dispute.status;
  const to = transition.to ?? from;
  const moved = { from, to };
  const next: Dispute = { ...dispute, status: to, updatedAt: now };
  let event: CaseEvent;

  switch (command.type) {
    case 'consent':
      if (!dispute.options.includes(command.providerId)) {
        return reject(dispute, 'dispute_option_not_offered', `${command.providerId} is not one of the options offered: ${dispute.options.join(', ')}.`);
      }
      next.providerId = command.providerId;
      next.consentToShare = command.shareCaseFile;
      next.wordingVersion = command.wordingVersion;
      next.remindersWanted = command.reminders ?? dispute.remindersWanted;
      next.answeredAt = now;
      event = {
        type: 'dispute.consented',
        data: { providerId: command.providerId, shareCaseFile: command.shareCaseFile, wordingVersion: command.wordingVersion, ...moved },
      };
      break;
    case 'decline':
      next.wordingVersion = command.wordingVersion;
      next.answeredAt = now;
      event = { type: 'dispute.declined', data: { wordingVersion: command.wordingVersion, ...moved } };
      break;
    case 'defer':
      next.wordingVersion = command.wordingVersion;
      next.remindersWanted = command.reminders;
      event = { type: 'dispute.deferred', data: { wordingVersion: command.wordingVersion, reminders: command.reminders, ...moved } };
      break;
    case 'withdraw_consent':
      next.answeredAt = now;
      event = { type: 'dispute.consent_withdrawn', data: { providerId: dispute.providerId ?? '', ...moved } };
      next.providerId = null;
      next.consentToShare = false;
      break;
    case 'reoffer':
      next.trigger = command.trigger;
      next.answeredAt = null;
      next.offeredAt = now;
      event = { type: 'dispute.reoffered', data: { trigger: command.trigger, ...moved } };
      break;
    case 'refer':
      next.referredAt = now;
      event = { type: 'dispute.referred', data: { providerId: dispute.providerId ?? '', shareCaseFile: dispute.consentToShare, ...moved } };
      break;
    case 'record_acceptance':
      next.acceptedAt = now;
      next.providerReference = command.providerReference;
      event = { type: 'dispute.accepted_by_provider', data: { providerId: dispute.providerId ?? '', providerReference: command.providerReference, ...moved } };
      break;
    case 'record_outcome': {
      const remedyExpected = command.outcome === 'settled' || command.outcome === 'upheld';
      if (command.remedy && !remedyExpected) {
        return reject(dispute, 'dispute_remedy_not_expected', `An outcome that is ${command.outcome} asks no remedy of us.`);
      }
      next.outcome = command.outcome;
      next.decidedAt = now;
      next.remedy = command.remedy ?? null;
      next.remedyDueAt = command.remedy ? new Date(ctx.now.getTime() + ctx.remedyDays * DAY_MS).toISOString() : null;
      event = {
        type: 'dispute.outcome_recorded',
        data: {
          outcome: command.outcome,
          explanation: command.explanation,
          ...(command.remedy ? { message: command.remedy } : {}),
          remedyDueAt: next.remedyDueAt,
          ...moved,
        },
      };
      break;
    }
    case 'implement_remedy': {
      if (dispute.remedyDueAt === null) {
        return reject(dispute, 'dispute_no_remedy_owed', 'The outcome asked no remedy of us: the dispute can be closed.');
      }
      next.remedyImplementedAt = now;
      const decidedAt = Date.parse(dispute.decidedAt ?? now);
      event = {
        type: 'dispute.remedy_implemented',
        data: {
          dueAt: dispute.remedyDueAt,
          onTime: ctx.now.getTime() <= Date.parse(dispute.remedyDueAt),
          daysToImplement: Math.ceil((ctx.now.getTime() - decidedAt) / DAY_MS),
          ...(command.explanation ? { explanation: command.explanation } : {}),
          ...moved,
        },
      };
      break;
    }
    case 'close':
      if (from === 'decided' && dispute.remedyDueAt !== null) {
        return reject(dispute, 'dispute_remedy_outstanding', 'The remedy the outcome asked for is not recorded as done yet.');
      }
      next.closedAt = now;
      event = { type: 'dispute.closed', data: { outcome: dispute.outcome, ...moved } };
      break;
    case 'remind':
      if (!dispute.remindersWanted || dispute.reminderSentAt !== null) {
        return reject(dispute, 'dispute_reminder_not_owed', 'The customer did not ask for a reminder, or has had it.');
      }
      next.reminderSentAt = now;
      event = { type: 'dispute.reminder_sent', data: { referralDeadline: dispute.referralDeadline } };
      break;
  }
  return { ok: true, dispute: next, events: [event] };
}
