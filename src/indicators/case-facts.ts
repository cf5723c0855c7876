import type { Complaint } from '../complaints/domain/complaint.js';

/**
 * What the reports count of one complaint, kept in rows of their own beside the case (written in the same
 * transaction), so that a report reads narrow indexed rows and monthly sums instead of unpacking every case's JSON
 * and searching its history.
 */
export interface CaseFacts {
  reference: string;
  receivedAt: string;
  category: string;
  channel: string;
  /** The current closure's, as the complaint holds it: null while open, and again once reopened. */
  rootCause: string | null;
  outcome: string | null;
  /** Ever closed or withdrawn, ever reopened, ever withdrawn: true once and for good. */
  ended: boolean;
  reopened: boolean;
  withdrawn: boolean;
  /** Whole seconds from received to acknowledged, and to the first final response ever proposed. */
  acknowledgeSeconds: number | null;
  finalResponseSeconds: number | null;
}

export type DeadlineOutcome = 'met' | 'missed' | 'not_applicable';

/** One deadline the complaint holds now, with the complaint fields a report filters it by. */
export interface DeadlineFact {
  reference: string;
  promiseId: string;
  receivedAt: string;
  category: string;
  channel: string;
  dueAt: string;
  settledAt: string | null;
  /** Fixed once it is settled; null while it runs (then it depends on the moment, see IndicatorsRepository). */
  outcome: DeadlineOutcome | null;
  runsWhilePaused: boolean;
  /** The case's pause, copied onto the deadlines still running. */
  pausedAt: string | null;
}

/** A workflow event as far as the facts need it: its type and when it happened. */
export interface FactEvent {
  type: string;
  at: string;
}

/** What of a complaint the facts come from. */
export type FactsOf = Pick<Complaint, 'reference' | 'receivedAt' | 'category' | 'channel' | 'closure' | 'acknowledgedAt' | 'deadlines' | 'pausedAt'>;

const ENDING = new Set(['complaint.closed', 'complaint.withdrawn']);

function secondsBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(later) - Date.parse(earlier)) / 1000);
}

/**
 * The facts of `complaint` as it stands after `events`. With `before` (the facts as stored before this change),
 * `events` are only the change's own events; without it, they are the case's whole history. A settled deadline's
 * outcome is decided when it settles: missed if after its due time, not applicable if the case ending (closed or
 * withdrawn) settled it, otherwise met; a later reopening does not change it.
 */
export function caseFacts(
  complaint: FactsOf,
  events: readonly FactEvent[],
  before?: { facts: CaseFacts | null; deadlines: readonly DeadlineFact[] },
): { facts: CaseFacts; deadlines: DeadlineFact[] } {
  const previous = before?.facts ?? null;
  const has = (type: string) => events.some((event) => event.type === type);
  const endings = new Set(events.filter((event) => ENDING.has(event.type)).map((event) => event.at));
  const firstResponse = events
    .filter((event) => event.type === 'complaint.response_proposed')
    .map((event) => event.at)
    .sort()[0];
  const facts: CaseFacts = {
    reference: complaint.reference,
    receivedAt: complaint.receivedAt,
    category: complaint.category,
    channel: complaint.channel,
    rootCause: complaint.closure?.rootCause ?? null,
    outcome: complaint.closure?.outcome ?? null,
    ended: (previous?.ended ?? false) || endings.size > 0,
    reopened: (previous?.reopened ?? false) || has('complaint.reopened'),
    withdrawn: (previous?.withdrawn ?? false) || has('complaint.withdrawn'),
    acknowledgeSeconds: complaint.acknowledgedAt ? secondsBetween(complaint.receivedAt, complaint.acknowledgedAt) : null,
    finalResponseSeconds: previous?.finalResponseSeconds ?? (firstResponse ? secondsBetween(complaint.receivedAt, firstResponse) : null),
  };
  const deadlines = complaint.deadlines.map((deadline): DeadlineFact => {
    const stored = before?.deadlines.find((d) => d.promiseId === deadline.promiseId && d.settledAt === deadline.settledAt && d.dueAt === deadline.dueAt);
    let outcome: DeadlineOutcome | null = null;
    if (deadline.settledAt !== null) {
      outcome = stored?.outcome ?? (deadline.settledAt > deadline.dueAt ? 'missed' : endings.has(deadline.settledAt) ? 'not_applicable' : 'met');
    }
    return {
      reference: complaint.reference,
      promiseId: deadline.promiseId,
      receivedAt: complaint.receivedAt,
      category: complaint.category,
      channel: complaint.channel,
      dueAt: deadline.dueAt,
      settledAt: deadline.settledAt,
      outcome,
      runsWhilePaused: deadline.runsWhilePaused === true,
      pausedAt: deadline.settledAt === null ? complaint.pausedAt : null,
    };
  });
  return { facts, deadlines };
}

/** The UTC month of an instant, `2026-07`: how the reports group and how their monthly sums are kept. */
export function monthOf(instant: string): string {
  return instant.slice(0, 7);
}

/**
 * The lower bounds, in seconds, of the buckets the monthly sums count durations in: one for negative durations, one
 * for exactly 0 (a case acknowledged as it arrived), then widening steps up to a year. A median or a 90th percentile
 * is still exact: the bucket only says where to look, and the value is read from the indexed durations in it.
 */
export const DURATION_BUCKETS: readonly number[] = [
  Number.MIN_SAFE_INTEGER, 0, 1, 60, 120, 300, 600, 900, 1800, 2700, 3600, 5400, 7200, 10_800, 14_400, 21_600, 28_800, 43_200, 64_800,
  86_400, 129_600, 172_800, 259_200, 345_600, 432_000, 518_400, 604_800, 691_200, 777_600, 864_000, 1_036_800, 1_209_600, 1_468_800,
  1_814_400, 2_419_200, 3_024_000, 3_628_800, 4_838_400, 7_776_000, 15_552_000, 31_536_000,
];

/** The index in DURATION_BUCKETS of the bucket holding `seconds`. */
export function durationBucket(seconds: number): number {
  let low = 0;
  let high = DURATION_BUCKETS.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (DURATION_BUCKETS[mid] <= seconds) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** [from, to) of a bucket in seconds; the last one reaches past any duration. */
export function bucketBounds(bucket: number): { from: number; to: number } {
  return { from: DURATION_BUCKETS[bucket], to: DURATION_BUCKETS[bucket + 1] ?? Number.MAX_SAFE_INTEGER };
}
