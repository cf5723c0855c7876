import { priorityOf } from './assessment.js';
import type { CaseEvent } from './case-events.js';
import type { Actor, CommandType, ComplaintCommand } from './complaint.commands.js';
import {
  FINAL_RESPONSE_INDICATOR,
  OPEN_STATUSES,
  type CaseDeadline,
  type Complaint,
  type ComplaintStatus,
} from './complaint.js';

/** What the machine needs from outside, so that it stays a pure function. */
export interface MachineContext {
  now: Date;
  reopenWindowDays: number;
  /** Pushes deadlines back by the clock time that passed while the case waited for the customer. */
  extendDeadlines(deadlines: CaseDeadline[], pausedFrom: Date, resumedAt: Date): CaseDeadline[];
  /** Fresh deadlines for the organisation's promises to a complaint in `category`, counted from `start`. */
  deadlinesFrom(start: Date, category: string): CaseDeadline[];
  /** The latest date a holding response under `promiseId` may promise the final response by (DISP 1.6.2A), if limited. */
  latestExpectedBy?(promiseId: string, receivedAt: Date): Date | undefined;
}

export type RejectionCode =
  | 'complaint_invalid_transition'
  | 'complaint_actor_not_allowed'
  | 'complaint_handler_involved'
  | 'complaint_staff_involved'
  | 'complaint_reassign_needs_supervisor'
  | 'complaint_close_needs_supervisor'
  | 'complaint_final_deadline_not_passed'
  | 'complaint_reopen_window_passed'
  | 'complaint_already_assigned'
  | 'complaint_expected_date_invalid';

export type Decision =
  | { ok: true; complaint: Complaint; events: CaseEvent[] }
  | { ok: false; code: RejectionCode; message: string; allowed: CommandType[] };

type ActorKind = Actor['kind'];
const STAFF: ActorKind[] = ['staff'];
const STAFF_OR_SYSTEM: ActorKind[] = ['staff', 'system'];
const CUSTOMER_OR_STAFF: ActorKind[] = ['customer', 'staff'];

interface Transition {
  from: readonly ComplaintStatus[];
  /** `null` keeps the status: the command changes something else about the case. */
  to: ComplaintStatus | null;
  actors: ActorKind[];
}

/** The ISO 10002 workflow. Nothing changes a complaint's status except a row of this table. */
export const TRANSITIONS: Record<CommandType, Transition> = {
  acknowledge: { from: ['received'], to: 'acknowledged', actors: STAFF_OR_SYSTEM },
  assess: { from: ['acknowledged'], to: 'assessed', actors: STAFF },
  reassess: { from: ['assessed', 'investigating', 'awaiting_customer'], to: null, actors: STAFF },
  start_investigation: { from: ['assessed'], to: 'investigating', actors: STAFF },
  request_information: { from: ['investigating'], to: 'awaiting_customer', actors: STAFF },
  receive_information: { from: ['awaiting_customer'], to: 'investigating', actors: CUSTOMER_OR_STAFF },
  propose_response: { from: ['investigating'], to: 'response_proposed', actors: STAFF },
  accept_response: { from: ['response_proposed'], to: 'resolved', actors: CUSTOMER_OR_STAFF },
  reject_response: { from: ['response_proposed'], to: 'unresolved', actors: CUSTOMER_OR_STAFF },
  send_holding_response: {
    from: ['received', 'acknowledged', 'assessed', 'investigating', 'awaiting_customer'],
    to: null,
    actors: STAFF,
  },
  mark_unresolved: {
    from: ['received', 'acknowledged', 'assessed', 'investigating', 'awaiting_customer', 'response_proposed'],
    to: 'unresolved',
    actors: STAFF_OR_SYSTEM,
  },
  close: { from: ['resolved', 'unresolved', 'response_proposed'], to: 'closed', actors: STAFF },
  withdraw: { from: OPEN_STATUSES, to: 'withdrawn', actors: CUSTOMER_OR_STAFF },
  reopen: { from: ['closed', 'withdrawn'], to: 'investigating', actors: CUSTOMER_OR_STAFF },
  assign: { from: OPEN_STATUSES, to: null, actors: STAFF },
  declare_involvement: { from: OPEN_STATUSES, to: null, actors: STAFF },
};

const COMMAND_TYPES = Object.keys(TRANSITIONS) as CommandType[];

/** Commands the workflow allows from this stage, for this actor if one is given (for buttons and 409 answers). */
export function allowedCommands(status: ComplaintStatus, actor?: Actor): CommandType[] {
  return COMMAND_TYPES.filter((type) => {
    const transition = TRANSITIONS[type];
    if (!transition.from.includes(status)) return false;
    if (!actor) return true;
    if (!transition.actors.includes(actor.kind)) return false;
    if (type === 'close' && status !== 'resolved') return isSupervisor(actor);
    return true;
  });
}

function isSupervisor(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.role === 'supervisor';
}

/**
 * Whether this member of staff is named as involved in the complaint. Someone involved in what went wrong takes no
 * step on it and does not write to the customer, so that it is dealt with objectively (ISO 10002 objectivity); they
 * may still declare their own involvement and add internal notes.
 */
export function isInvolved(complaint: Pick<Complaint, 'involvedStaffIds'>, actor: Actor): boolean {
  return actor.kind === 'staff' && complaint.involvedStaffIds.includes(actor.id);
}

export type Refusal = { code: RejectionCode; message: string };

export const INVOLVED_REFUSAL: Refusal = {
  code: 'complaint_staff_involved',
  message: 'You are named as involved in this complaint, so you cannot act on it or write to the customer.',
};

/**
 * Why this actor may not take a step of this kind on this case now, whatever the step's details; null if they may.
 * The one place the rules about who may do what live: `decide` applies them, and staff tools use them to show each
 * person only the steps open to them.
 */
export function refusalOf(
  complaint: Complaint,
  type: CommandType,
  actor: Actor,
  ctx: Pick<MachineContext, 'now' | 'reopenWindowDays'>,
): Refusal | null {
  const transition = TRANSITIONS[type];
  if (!transition.from.includes(complaint.status)) {
    return { code: 'complaint_invalid_transition', message: `A complaint that is ${complaint.status} cannot ${type}.` };
  }
  if (!transition.actors.includes(actor.kind)) {
    return { code: 'complaint_actor_not_allowed', message: `Only ${transition.actors.join(' or ')} may ${type}.` };
  }
  if (isInvolved(complaint, actor) && type !== 'declare_involvement') return INVOLVED_REFUSAL;
  switch (type) {
    case 'close':
      if (complaint.status !== 'resolved' && !isSupervisor(actor)) {
        return {
          code: 'complaint_close_needs_supervisor',
          message: 'Only a supervisor may close a complaint before the customer has accepted the response.',
        };
      }
      return null;
    case 'mark_unresolved': {
      const final = complaint.deadlines.find((d) => d.indicator === FINAL_RESPONSE_INDICATOR);
      if (!final || final.settledAt !== null || Date.parse(final.dueAt) > ctx.now.getTime()) {
        return {
          code: 'complaint_final_deadline_not_passed',
          message: 'A complaint becomes unresolved this way only once its final response deadline has passed.',
        };
      }
      return null;
    }
    case 'reopen': {
      const endedAt = Date.parse((complaint.closedAt ?? complaint.withdrawnAt) as string);
      if (ctx.now.getTime() > endedAt + ctx.reopenWindowDays * 86_400_000) {
        return {
          code: 'complaint_reopen_window_passed',
          message: `A complaint can be reopened within ${ctx.reopenWindowDays} days of being ${complaint.status}.`,
        };
      }
      return null;
    }
    default:
      return null;
  }
}

/** The steps this actor may take on this case now (some still depend on what they fill in, such as whom to assign). */
export function commandsFor(complaint: Complaint, actor: Actor, ctx: Pick<MachineContext, 'now' | 'reopenWindowDays'>): CommandType[] {
  return COMMAND_TYPES.filter((type) => refusalOf(complaint, type, actor, ctx) === null);
}

function reject(complaint: Complaint, code: RejectionCode, message: string): Decision {
  return { ok: false, code, message, allowed: allowedCommands(complaint.status) };
}

const SUMMARY_INDICATOR = 'time_to_summary_resolution';
const HOLDING_INDICATOR = 'time_to_holding_response';
const RESPONSE_INDICATORS = new Set([SUMMARY_INDICATOR, FINAL_RESPONSE_INDICATOR, HOLDING_INDICATOR]);
/** A response given keeps these; a summary resolution is kept only by the customer's acceptance (FCA DISP 1.5.2AR). */
const ANSWERED_INDICATORS = new Set([FINAL_RESPONSE_INDICATOR, HOLDING_INDICATOR]);

function settle(deadlines: CaseDeadline[], at: string, which: (d: CaseDeadline) => boolean): CaseDeadline[] {
  return deadlines.map((d) => (d.settledAt === null && which(d) ? { ...d, settledAt: at } : d));
}

/**
 * Decides what a command does to a complaint: the new complaint and what changed, or why not.
 * Pure: the same complaint, command, actor and context always give the same decision.
 */
export function decide(complaint: Complaint, command: ComplaintCommand, actor: Actor, ctx: MachineContext): Decision {
  const transition = TRANSITIONS[command.type];
  const refused = refusalOf(complaint, command.type, actor, ctx);
  if (refused) return reject(complaint, refused.code, refused.message);
  if (command.type === 'declare_involvement' && actor.kind === 'staff' && isInvolved(complaint, actor) && command.staffId !== actor.id) {
    return reject(complaint, INVOLVED_REFUSAL.code, INVOLVED_REFUSAL.message);
  }

  const now = ctx.now.toISOString();
  const from = complaint.status;
  const to = transition.to ?? from;
  let next: Complaint = { ...complaint, status: to, updatedAt: now };
  let resumed: { pausedSince?: string } = {};
  // Every command whose table row names a status moves the case: no row leads back to the status it starts from.
  const moved = { from, to };
  let event: CaseEvent;

  // The clock runs again as soon as the case stops waiting for the customer, whatever ends the wait.
  if (from === 'awaiting_customer' && to !== 'awaiting_customer' && complaint.pausedAt) {
    next.deadlines = ctx.extendDeadlines(complaint.deadlines, new Date(complaint.pausedAt), ctx.now);
    next.pausedAt = null;
    next.openQuestion = null;
    resumed = { pausedSince: complaint.pausedAt };
  }

  switch (command.type) {
    case 'acknowledge':
      next.acknowledgedAt = now;
      next.deadlines = settle(next.deadlines, now, (d) => d.indicator === 'time_to_acknowledge');
      event = { type: 'complaint.acknowledged', data: moved };
      break;
    case 'assess':
      next.assessment = command.assessment;
      next.priority = priorityOf(command.assessment);
      event = { type: 'complaint.assessed', data: { assessment: command.assessment, priority: next.priority, ...moved } };
      break;
    case 'reassess':
      next.assessment = command.assessment;
      next.priority = priorityOf(command.assessment);
      event = { type: 'complaint.reassessed', data: { assessment: command.assessment, priority: next.priority } };
      break;
    case 'start_investigation':
      event = { type: 'complaint.investigation_started', data: moved };
      break;
    case 'request_information':
      next.pausedAt = now;
      next.openQuestion = command.question;
      event = { type: 'complaint.information_requested', data: { question: command.question, ...moved } };
      break;
    case 'receive_information':
      event = {
        type: 'complaint.information_received',
        data: { ...resumed, ...(command.message ? { message: command.message } : {}), ...moved },
      };
      break;
    case 'propose_response': {
      const waiver = command.waiveTimeLimits === undefined ? {} : { waiveTimeLimits: command.waiveTimeLimits };
      next.proposedResponse = { outcome: command.outcome, explanation: command.explanation, proposedAt: now, ...waiver };
      next.deadlines = settle(next.deadlines, now, (d) => ANSWERED_INDICATORS.has(d.indicator));
      event = { type: 'complaint.response_proposed', data: { outcome: command.outcome, explanation: command.explanation, ...waiver, ...moved } };
      break;
    }
    case 'send_holding_response': {
      const expected = Date.parse(command.expectedBy);
      if (Number.isNaN(expected) || expected <= ctx.now.getTime()) {
        return reject(complaint, 'complaint_expected_date_invalid', 'The expected date of the final response must be a date still to come.');
      }
      const holding = complaint.deadlines.find((d) => d.indicator === HOLDING_INDICATOR && d.settledAt === null);
      const latest = holding ? ctx.latestExpectedBy?.(holding.promiseId, new Date(complaint.receivedAt)) : undefined;
      if (latest && expected > latest.getTime()) {
        return reject(
          complaint,
          'complaint_expected_date_invalid',
          `The final response can be promised by ${latest.toISOString()} at the latest.`,
        );
      }
      next.deadlines = settle(next.deadlines, now, (d) => d.indicator === HOLDING_INDICATOR);
      event = {
        type: 'complaint.holding_response_sent',
        data: {
          reason: command.reasons,
          expectedBy: new Date(expected).toISOString(),
          promiseId: holding?.promiseId ?? null,
          dueAt: holding?.dueAt ?? null,
          onTime: holding ? ctx.now.getTime() <= Date.parse(holding.dueAt) : true,
        },
      };
      break;
    }
    case 'accept_response':
      next.resolvedAt = now;
      next.deadlines = settle(next.deadlines, now, (d) => d.indicator === SUMMARY_INDICATOR);
      event = { type: 'complaint.response_accepted', data: moved };
      break;
    case 'reject_response':
      event = { type: 'complaint.response_rejected', data: { ...(command.reason ? { reason: command.reason } : {}), ...moved } };
      break;
    case 'mark_unresolved': {
      next.deadlines = settle(next.deadlines, now, (d) => RESPONSE_INDICATORS.has(d.indicator));
      event = { type: 'complaint.marked_unresolved', data: { ...resumed, reason: command.reason, ...moved } };
      break;
    }
    case 'close': {
      const accepted = from === 'resolved';
      next.closedAt = now;
      next.closure = { outcome: command.outcome, rootCause: command.rootCause ?? null, acceptedByCustomer: accepted };
      next.deadlines = settle(next.deadlines, now, () => true);
      event = { type: 'complaint.closed', data: { ...next.closure, ...moved } };
      break;
    }
    case 'withdraw':
      next.withdrawnAt = now;
      next.deadlines = settle(next.deadlines, now, () => true);
      event = { type: 'complaint.withdrawn', data: { ...resumed, ...(command.reason ? { reason: command.reason } : {}), ...moved } };
      break;
    case 'reopen': {
      const fresh = ctx.deadlinesFrom(ctx.now, complaint.category).filter((d) => RESPONSE_INDICATORS.has(d.indicator));
      next = {
        ...next,
        closedAt: null,
        withdrawnAt: null,
        resolvedAt: null,
        closure: null,
        proposedResponse: null,
        deadlines: [...next.deadlines.filter((d) => !fresh.some((f) => f.promiseId === d.promiseId)), ...fresh],
      };
      event = { type: 'complaint.reopened', data: { reason: command.reason, ...moved } };
      break;
    }
    case 'assign': {
      if (complaint.involvedStaffIds.includes(command.assigneeId)) {
        return reject(
          complaint,
          'complaint_handler_involved',
          'This person is named as involved in the complaint and cannot handle it.',
        );
      }
      const takingOver = complaint.assigneeId !== null && complaint.assigneeId !== command.assigneeId;
      if (takingOver && !isSupervisor(actor)) {
        return reject(complaint, 'complaint_reassign_needs_supervisor', 'Only a supervisor may reassign a complaint.');
      }
      if (!takingOver && actor.kind === 'staff' && actor.role === 'handler' && command.assigneeId !== actor.id) {
        return reject(complaint, 'complaint_reassign_needs_supervisor', 'A handler may assign a complaint only to themself.');
      }
      if (complaint.assigneeId === command.assigneeId) {
        return reject(complaint, 'complaint_already_assigned', 'The complaint is already assigned to this person.');
      }
      next.assigneeId = command.assigneeId;
      event = { type: 'complaint.assigned', data: { previousAssigneeId: complaint.assigneeId, assigneeId: command.assigneeId } };
      break;
    }
    case 'declare_involvement':
      if (!next.involvedStaffIds.includes(command.staffId)) {
        next.involvedStaffIds = [...next.involvedStaffIds, command.staffId];
      }
      // Objectivity: someone involved in what went wrong must not keep the case.
      if (next.assigneeId === command.staffId) next.assigneeId = null;
      event = { type: 'complaint.involvement_declared', data: { staffId: command.staffId, unassigned: complaint.assigneeId === command.staffId } };
      break;
  }

  return { ok: true, complaint: next, events: [event] };
}
