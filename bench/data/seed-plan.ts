import { actorLabel, type NewCaseEvent } from '../../src/audit/case-history.js';
import { sealOf } from '../../src/audit/case-seal.js';
import { chain, CURRENT_SCHEME, GENESIS_HASH, type ChainedEvent } from '../../src/audit/hash-chain.js';
import { ComplaintRecord } from '../../src/complaints/complaint.entity.js';
import type { Assessment } from '../../src/complaints/domain/assessment.js';
import type { Actor, ComplaintCommand } from '../../src/complaints/domain/complaint.commands.js';
import { decide, type MachineContext } from '../../src/complaints/domain/complaint.machine.js';
import { OPEN_STATUSES, type CaseDeadline, type Complaint } from '../../src/complaints/domain/complaint.js';
import { generateReference } from '../../src/complaints/domain/reference.js';
import { Random } from './random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Shares of each kind of complaint, roughly those of a retailer's complaints desk. */
const CHANNELS = { webchat: 44, sms: 22, email: 14, api: 8, phone: 8, letter: 2, in_person: 2 } as const;
const CATEGORIES = { delivery: 30, billing: 24, service: 18, product: 12, 'staff-conduct': 5, accessibility: 3, other: 8 } as const;
const OUTCOMES = { upheld: 44, partly_upheld: 20, not_upheld: 31, goodwill: 5 } as const;
const ROOT_CAUSES = { process: 24, people: 14, product: 12, communication: 18, systems: 9, 'third-party': 11, policy: 5, 'no-fault': 7 } as const;
/** Complaints per month of the year, relative: a peak after Christmas and in the run-up to it, a summer lull. */
const SEASON = [1.3, 1.1, 1.0, 0.95, 0.9, 0.85, 0.8, 0.85, 0.95, 1.05, 1.15, 1.35];
const SURVEY_CHANNELS = new Set(['webchat', 'sms', 'email']);
const HANDLERS = Array.from({ length: 40 }, (_, i) => `U0HANDLER${String(i).padStart(2, '0')}`);

export interface SurveyRow {
  id: string;
  reference: string;
  closedAt: string;
  status: string;
  reason: string | null;
  channel: string;
  language: string;
  sentAt: string | null;
  remindedAt: string | null;
  expiresAt: string | null;
  updatedAt: string;
}

export interface ResponseRow {
  surveyId: string;
  reference: string;
  surveyVersion: string;
  pausedMinutes: number;
  channel: string;
  category: string;
  outcome: string | null;
  language: string;
  resolutionMinutes: number | null;
  promisesMet: string[];
  promisesMissed: string[];
  handling: number | null;
  outcomeScore: number | null;
  effort: number | null;
  datesKept: 'yes' | 'no' | 'not_sure' | null;
  respondedAt: string;
  finishedAt: string;
}

export interface DisputeRow {
  reference: string;
  version: number;
  status: string;
  trigger: string;
  options: string;
  providerId: string | null;
  referralDeadline: string | null;
  wordingVersion: string | null;
  consentToShare: boolean;
  outcome: string | null;
  remedy: string | null;
  remedyDueAt: string | null;
  offeredAt: string;
  answeredAt: string | null;
  referredAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  remedyImplementedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** One seeded complaint with everything that hangs off it, as the app would have written it. */
export interface SeededCase {
  record: ComplaintRecord;
  events: ChainedEvent[];
  seal: { reference: string; events: number; headHash: string; seal: string; sealedAt: string };
  survey?: SurveyRow;
  response?: ResponseRow;
  dispute?: DisputeRow;
}

/** What was seeded, to check the app reads the same back. */
export interface SeedSummary {
  complaints: number;
  events: number;
  byStatus: Record<string, number>;
  /** Complaints with a deadline still running that was due by `now`. */
  overdue: number;
  surveysSent: number;
  responses: number;
  disputes: number;
  /** Complaints received at or after `from`. */
  receivedSince: (from: string) => number;
}

function addBusinessDays(start: number, days: number): number {
  let t = start;
  let left = days;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}

const PROMISES = [
  { promiseId: 'acknowledge', indicator: 'time_to_acknowledge', days: 1 },
  { promiseId: 'final-response', indicator: 'time_to_final_response', days: 20 },
  { promiseId: 'status-updates', indicator: 'status_update_interval', days: 10 },
] as const;

/**
 * The default code of conduct's promises from `start`, on weekdays. The app counts on a business calendar with hours
 * and holidays (src/conduct/deadlines.ts), which costs too much a case to seed a million; the shape is the same.
 */
function deadlinesFrom(start: Date): CaseDeadline[] {
  const from = start.getTime();
  return PROMISES.map(({ promiseId, indicator, days }) => {
    const due = addBusinessDays(from, days);
    return { promiseId, indicator, dueAt: new Date(due).toISOString(), warnAt: new Date(from + (due - from) * 0.75).toISOString(), settledAt: null };
  });
}

function context(now: number): MachineContext {
  return {
    now: new Date(now),
    reopenWindowDays: 30,
    deadlinesFrom: (start) => deadlinesFrom(start),
    extendDeadlines: (deadlines, pausedFrom, resumedAt) => {
      const shift = resumedAt.getTime() - pausedFrom.getTime();
      const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
      return deadlines.map((d) => (d.settledAt === null && !d.runsWhilePaused ? { ...d, dueAt: move(d.dueAt), warnAt: move(d.warnAt) } : d));
    },
  };
}

/** Received instants over the `years` before `now`, with the seasons, quieter weekends and a slowly growing volume. */
export class ReceivedDates {
  private readonly days: number[] = [];
  private readonly cumulative: number[] = [];

  constructor(
    private readonly now: number,
    years = 3,
  ) {
    const first = Math.floor((now - years * 365.25 * DAY) / DAY) * DAY;
    let total = 0;
    for (let day = first; day < now; day += DAY) {
      const date = new Date(day);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.55 : 1;
      const growth = 1 + (0.2 * (day - first)) / (now - first);
      total += SEASON[date.getUTCMonth()] * weekend * growth;
      this.days.push(day);
      this.cumulative.push(total);
    }
  }

  draw(random: Random): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    // mostly in opening hours, some in the evening and at night
    const hour = random.chance(0.75) ? 8 + random.next() * 10 : random.next() * 24;
    return Math.min(this.days[low] + hour * HOUR, this.now - HOUR);
  }
}

/** A reference for case number `i`: distinct for every `i` below 32^7, spread over the alphabet, with its check character. */
export function referenceOf(i: number): string {
  // an odd multiplier is a bijection modulo a power of two
  let n = Number((BigInt(i) * 2654435761n) % 34359738368n);
  const digits: number[] = [];
  for (let k = 0; k < 7; k++) {
    digits.unshift(n % 32);
    n = Math.floor(n / 32);
  }
  let next = 0;
  return generateReference(() => digits[next++]);
}

interface Step {
  at: number;
  command: ComplaintCommand;
  actor: Actor;
}

const staff = (id: string, role: 'handler' | 'supervisor' = 'handler'): Actor => ({ kind: 'staff', id, role });
const CUSTOMER: Actor = { kind: 'customer' };

function assessment(random: Random): Assessment {
  const levels = ['low', 'medium', 'high'] as const;
  return {
    severity: random.pick({ low: 40, medium: 40, high: 17, critical: 3 }),
    impact: levels[random.int(3)],
    complexity: levels[random.int(3)],
    urgency: levels[random.int(3)],
    healthOrSafety: random.chance(0.005),
  };
}

/**
 * Plans one complaint's life (received, acknowledged, assigned, assessed, investigated, perhaps waiting for the
 * customer, answered, accepted or rejected, closed, sometimes reopened or withdrawn, sometimes a dispute and a
 * survey), plays it through the app's own state machine up to `now`, and chains its history as the app does.
 */
export function seedCase(i: number, now: number, dates: ReceivedDates, auditKey: string): SeededCase {
  const random = new Random(i * 7919 + 17);
  const receivedAt = dates.draw(random);
  const channel = random.pick(CHANNELS);
  const category = random.pick(CATEGORIES);
  const language = random.chance(0.15) ? 'es' : 'en';
  const reference = referenceOf(i);
  const contact =
    channel === 'webchat'
      ? { kind: 'webchat', value: `bench-conversation-${i}` }
      : channel === 'email' || (channel !== 'sms' && random.chance(0.4))
        ? { kind: 'email', value: `customer${i}@example.com` }
        : { kind: 'phone', value: `+4477009${String(i % 100000).padStart(5, '0')}` };
  const received = new Date(receivedAt).toISOString();
  let complaint: Complaint = {
    reference,
    status: 'received',
    channel,
    contact,
    originKey: channel === 'webchat' ? `webchat:bench-conversation-${i}` : channel === 'sms' ? `sms:${contact.value}` : null,
    customerName: random.chance(0.7) ? `Customer ${i}` : null,
    language,
    category,
    description: 'My order arrived late and the box was damaged; I was charged for express delivery that I did not get.',
    remedySought: random.chance(0.6) ? 'A refund of the delivery charge.' : null,
    occurredOn: random.chance(0.5) ? received.slice(0, 10) : null,
    assessment: null,
    priority: null,
    assigneeId: null,
    involvedStaffIds: [],
    deadlines: deadlinesFrom(new Date(receivedAt)),
    pausedAt: null,
    openQuestion: null,
    proposedResponse: null,
    closure: null,
    receivedAt: received,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    withdrawnAt: null,
    erasedAt: null,
    updatedAt: received,
  };
  const intake: Actor = channel === 'api' ? staff('api-bench') : channel === 'webchat' || channel === 'sms' || channel === 'email' ? CUSTOMER : staff(HANDLERS[random.int(HANDLERS.length)]);
  const history: NewCaseEvent[] = [
    {
      type: 'complaint.received',
      actor: intake,
      at: received,
      data: {
        channel,
        contact: contact.kind === 'webchat' ? 'web chat' : `•••${contact.value.slice(-3)}`,
        category,
        description: complaint.description,
        remedySought: complaint.remedySought,
        occurredOn: complaint.occurredOn,
        involvedStaffIds: [],
        deadlines: complaint.deadlines.map(({ promiseId, dueAt }) => ({ promiseId, dueAt })),
      },
    },
  ];

  // the plan, in time order; played until `now`
  const handler = HANDLERS[random.int(HANDLERS.length)];
  const steps: Step[] = [];
  let t = receivedAt;
  const at = (delay: number) => (t += Math.max(60_000, delay));
  const messaging = SURVEY_CHANNELS.has(channel);
  steps.push({ at: messaging ? t : at(random.logNormal(4 * HOUR, 1.1)), command: { type: 'acknowledge' }, actor: messaging ? { kind: 'system', id: `${channel}-intake` } : staff(handler) });
  steps.push({ at: at(random.logNormal(2 * HOUR, 1)), command: { type: 'assign', assigneeId: handler }, actor: staff(handler) });
  const withdrawAt = random.chance(0.04) ? receivedAt + random.logNormal(3 * DAY, 0.8) : Infinity;
  steps.push({ at: at(random.logNormal(DAY, 0.6)), command: { type: 'assess', assessment: assessment(random) }, actor: staff(handler) });
  steps.push({ at: at(random.logNormal(DAY / 2, 0.6)), command: { type: 'start_investigation' }, actor: staff(handler) });
  let silent = false;
  if (random.chance(0.2)) {
    steps.push({ at: at(random.logNormal(2 * DAY, 0.7)), command: { type: 'request_information', question: 'Could you send us the order number?' }, actor: staff(handler) });
    silent = random.chance(0.1);
    if (silent) {
      steps.push({ at: at(28 * DAY), command: { type: 'withdraw', reason: 'No answer from the customer' }, actor: staff(handler) });
    } else {
      steps.push({ at: at(random.logNormal(3 * DAY, 0.8)), command: { type: 'receive_information', message: 'It is 7012-3345.' }, actor: CUSTOMER });
    }
  }
  // a few cases stall: nobody ever answers them, and they stay overdue
  const stalled = !silent && random.chance(0.004);
  const rejected = random.chance(0.12);
  let unresolvedAt: number | null = null;
  if (!silent && !stalled) {
    const outcome = random.pick(OUTCOMES);
    const rootCause = random.chance(0.92) ? random.pick(ROOT_CAUSES) : undefined;
    steps.push({ at: at(random.logNormal(8 * DAY, 0.75)), command: { type: 'propose_response', outcome, explanation: 'We have refunded the delivery charge.' }, actor: staff(handler) });
    if (rejected) {
      steps.push({ at: at(random.logNormal(DAY, 0.8)), command: { type: 'reject_response', reason: 'Not enough' }, actor: CUSTOMER });
      unresolvedAt = t;
      steps.push({ at: at(random.logNormal(2 * DAY, 0.5)), command: { type: 'close', outcome, rootCause }, actor: staff('U0SUPERVISOR', 'supervisor') });
    } else {
      steps.push({ at: at(random.logNormal(DAY, 0.8)), command: { type: 'accept_response' }, actor: CUSTOMER });
      steps.push({ at: at(random.logNormal(DAY / 2, 0.6)), command: { type: 'close', outcome, rootCause }, actor: staff(handler) });
      if (random.chance(0.03)) {
        steps.push({ at: at(1 * DAY + random.next() * 24 * DAY), command: { type: 'reopen', reason: 'The refund never arrived' }, actor: CUSTOMER });
        steps.push({ at: at(random.logNormal(4 * DAY, 0.6)), command: { type: 'propose_response', outcome: 'upheld', explanation: 'The refund is sent again.' }, actor: staff(handler) });
        steps.push({ at: at(random.logNormal(DAY, 0.8)), command: { type: 'accept_response' }, actor: CUSTOMER });
        steps.push({ at: at(random.logNormal(DAY / 2, 0.6)), command: { type: 'close', outcome: 'upheld', rootCause }, actor: staff(handler) });
      }
    }
  }

  for (const step of steps) {
    const withdrawing = step.at > withdrawAt && OPEN_STATUSES.includes(complaint.status);
    const { command, actor, at: when } = withdrawing ? { at: withdrawAt, command: { type: 'withdraw', reason: 'Sorted out' } as const, actor: CUSTOMER } : step;
    if (when >= now) break;
    const decision = decide(complaint, command, actor, context(when));
    if (!decision.ok) throw new Error(`Seeding ${reference}: ${command.type} from ${complaint.status}: ${decision.code}`);
    complaint = decision.complaint;
    const stamp = new Date(when).toISOString();
    history.push(...decision.events.map((event) => ({ ...event, actor, at: stamp }) as NewCaseEvent));
    if (withdrawing) break;
  }

  const seeded: Omit<SeededCase, 'events' | 'seal'> = { record: ComplaintRecord.fromDomain(complaint, history.length) };
  if (complaint.status === 'closed' && unresolvedAt !== null && unresolvedAt < now && random.chance(0.75)) {
    seeded.dispute = dispute(reference, unresolvedAt, now, random, history);
  }
  if (complaint.status === 'closed' && complaint.closedAt) {
    Object.assign(seeded, survey(complaint, now, random));
  }

  let prevHash = GENESIS_HASH;
  const events = history.map((event, n) => {
    const chained = chain(prevHash, {
      reference,
      seq: n + 1,
      type: event.type,
      actor: actorLabel(event.actor),
      at: event.at,
      reason: event.reason ?? null,
      data: event.data,
      scheme: CURRENT_SCHEME,
      // the app draws salts from the system's random source; a seeded one is as good for data nobody erases
      salt: random.hex(32),
    });
    prevHash = chained.hash;
    return chained;
  });
  const head = { reference, events: events.length, headHash: prevHash };
  return { ...seeded, events, seal: { ...head, seal: sealOf(auditKey, head), sealedAt: events[events.length - 1].at } };
}

/** A version 4 UUID's shape from the seeded generator. */
function uuidOf(random: Random): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** The ISO 10003 offer after a rejected response, and as far as the customer and the provider took it by `now`. */
function dispute(reference: string, offeredAt: number, now: number, random: Random, history: NewCaseEvent[]): DisputeRow {
  const row: DisputeRow = {
    reference,
    version: 1,
    status: 'offered',
    trigger: 'response_rejected',
    options: 'ombudsman,internal-review',
    providerId: null,
    referralDeadline: iso(offeredAt + 182 * DAY),
    wordingVersion: null,
    consentToShare: false,
    outcome: null,
    remedy: null,
    remedyDueAt: null,
    offeredAt: iso(offeredAt),
    answeredAt: null,
    referredAt: null,
    acceptedAt: null,
    decidedAt: null,
    remedyImplementedAt: null,
    closedAt: null,
    updatedAt: iso(offeredAt),
  };
  const system: Actor = { kind: 'system', id: 'disputes' };
  history.push({ type: 'dispute.offered', actor: system, at: row.offeredAt, data: { trigger: row.trigger, options: row.options.split(','), referralDeadline: row.referralDeadline } });
  let t = offeredAt;
  const next = (delay: number) => {
    t += delay;
    return t < now;
  };
  const answer = random.pick({ declined: 35, referred: 50, consent_withdrawn: 5, unanswered: 10 });
  if (answer === 'unanswered' || !next(random.logNormal(3 * DAY, 0.8))) return row;
  row.answeredAt = row.updatedAt = iso(t);
  row.wordingVersion = '2026-01';
  if (answer === 'declined') {
    row.status = 'declined';
    history.push({ type: 'dispute.declined', actor: CUSTOMER, at: row.answeredAt, data: { wordingVersion: row.wordingVersion, from: 'offered', to: 'declined' } });
    return row;
  }
  row.providerId = 'ombudsman';
  row.consentToShare = true;
  row.status = 'consented';
  history.push({ type: 'dispute.consented', actor: CUSTOMER, at: row.answeredAt, data: { providerId: 'ombudsman', shareCaseFile: true, wordingVersion: row.wordingVersion, from: 'offered', to: 'consented' } });
  if (answer === 'consent_withdrawn') {
    if (!next(random.logNormal(2 * DAY, 0.5))) return row;
    row.status = 'consent_withdrawn';
    row.updatedAt = iso(t);
    history.push({ type: 'dispute.consent_withdrawn', actor: CUSTOMER, at: row.updatedAt, data: { providerId: 'ombudsman', from: 'consented', to: 'consent_withdrawn' } });
    return row;
  }
  if (!next(random.logNormal(DAY, 0.5))) return row;
  row.status = 'referred';
  row.referredAt = row.updatedAt = iso(t);
  history.push({ type: 'dispute.referred', actor: system, at: row.referredAt, data: { providerId: 'ombudsman', shareCaseFile: true, from: 'consented', to: 'referred' } });
  if (!next(random.logNormal(40 * DAY, 0.5))) return row;
  const outcome = random.pick({ upheld: 30, not_upheld: 55, settled: 15 });
  row.status = 'decided';
  row.outcome = outcome;
  row.decidedAt = row.updatedAt = iso(t);
  row.remedy = outcome === 'not_upheld' ? null : 'Refund the delivery charge and pay £50 for the trouble caused.';
  row.remedyDueAt = row.remedy ? iso(t + 28 * DAY) : null;
  history.push({ type: 'dispute.outcome_recorded', actor: staff('U0SUPERVISOR', 'supervisor'), at: row.decidedAt, data: { outcome, explanation: 'The ombudsman decided.', remedyDueAt: row.remedyDueAt, from: 'referred', to: 'decided' } });
  const decided = t;
  if (row.remedy) {
    if (!next(random.logNormal(10 * DAY, 0.6))) return row;
    row.status = 'remedy_implemented';
    row.remedyImplementedAt = row.updatedAt = iso(t);
    const days = Math.round((t - decided) / DAY);
    history.push({ type: 'dispute.remedy_implemented', actor: staff('U0SUPERVISOR', 'supervisor'), at: row.updatedAt, data: { dueAt: row.remedyDueAt as string, onTime: t <= Date.parse(row.remedyDueAt as string), daysToImplement: days, from: 'decided', to: 'remedy_implemented' } });
  }
  if (!next(random.logNormal(2 * DAY, 0.5))) return row;
  const from = row.status;
  row.status = 'closed';
  row.closedAt = row.updatedAt = iso(t);
  history.push({ type: 'dispute.closed', actor: system, at: row.closedAt, data: { outcome, from, to: 'closed' } });
  return row;
}

/** The satisfaction survey two days after closure, on the channel the customer used, and their answers if they gave any. */
function survey(complaint: Complaint, now: number, random: Random): { survey?: SurveyRow; response?: ResponseRow } {
  const closedAt = Date.parse(complaint.closedAt as string);
  const due = closedAt + 2 * DAY;
  if (due >= now || !random.chance(0.6)) return {};
  const row: SurveyRow = {
    id: uuidOf(random),
    reference: complaint.reference,
    closedAt: complaint.closedAt as string,
    status: 'not_sent',
    reason: null,
    channel: SURVEY_CHANNELS.has(complaint.channel) ? complaint.channel : 'email',
    language: complaint.language,
    sentAt: null,
    remindedAt: null,
    expiresAt: null,
    updatedAt: iso(due),
  };
  if (random.chance(0.08)) {
    row.reason = 'opted_out';
    return { survey: row };
  }
  row.sentAt = iso(due);
  row.expiresAt = iso(due + 14 * DAY);
  const answered = random.chance(0.35);
  if (!answered) {
    const reminded = due + 3 * DAY < now;
    row.remindedAt = reminded ? iso(due + 3 * DAY) : null;
    row.status = due + 14 * DAY < now ? 'expired' : reminded ? 'reminded' : 'sent';
    row.updatedAt = iso(Math.min(now - 1, due + 14 * DAY));
    return { survey: row };
  }
  const respondedAt = Math.min(now - 1, due + random.logNormal(6 * HOUR, 1));
  row.status = 'answered';
  row.updatedAt = iso(respondedAt);
  const accepted = complaint.closure?.acceptedByCustomer ?? false;
  const score = (max: number, good: boolean) => Math.max(1, Math.min(max, Math.round((good ? max * 0.8 : max * 0.4) + (random.next() - 0.5) * max * 0.6)));
  const met = complaint.deadlines.filter((d) => d.settledAt !== null && d.settledAt <= d.dueAt).map((d) => d.promiseId);
  const missed = complaint.deadlines.filter((d) => d.settledAt !== null && d.settledAt > d.dueAt).map((d) => d.promiseId);
  const response: ResponseRow = {
    surveyId: row.id,
    reference: complaint.reference,
    surveyVersion: '1',
    pausedMinutes: 0,
    channel: row.channel,
    category: complaint.category,
    outcome: complaint.closure?.outcome ?? null,
    language: complaint.language,
    resolutionMinutes: Math.round((closedAt - Date.parse(complaint.receivedAt)) / 60_000),
    promisesMet: met,
    promisesMissed: missed,
    handling: random.chance(0.95) ? score(5, accepted) : null,
    outcomeScore: random.chance(0.9) ? score(5, accepted) : null,
    effort: random.chance(0.85) ? score(7, accepted) : null,
    datesKept: random.chance(0.8) ? (missed.length > 0 ? random.pick({ no: 60, not_sure: 25, yes: 15 }) : random.pick({ yes: 75, not_sure: 15, no: 10 })) : null,
    respondedAt: iso(respondedAt),
    finishedAt: iso(respondedAt + 2 * 60_000),
  };
  return { survey: row, response };
}
