import type { Complaint } from '../complaints/domain/complaint.js';

/** An event of the case history as the facts need it: its type, when, and what it records. */
export interface HistoryEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export interface CaseFacts {
  resolutionMinutes: number | null;
  pausedMinutes: number;
  promisesMet: string[];
  promisesMissed: string[];
}

const minutesBetween = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);

/**
 * What a survey's answers are read against: how long the case took from receipt to closure, how long it waited for
 * the customer, and which of the code of conduct's promises were kept or missed. Pure.
 */
export function caseFacts(complaint: Pick<Complaint, 'receivedAt' | 'deadlines'>, closedAt: string, events: readonly HistoryEvent[]): CaseFacts {
  const missed = new Set(events.filter((e) => e.type === 'deadline.missed').map((e) => String(e.data.promiseId)));
  for (const d of complaint.deadlines) {
    if ((d.settledAt ?? closedAt) > d.dueAt) missed.add(d.promiseId);
  }
  const met = complaint.deadlines.filter((d) => d.settledAt !== null && !missed.has(d.promiseId)).map((d) => d.promiseId);
  const pausedMinutes = events
    .filter((e) => typeof e.data.pausedSince === 'string')
    .reduce((total, e) => total + minutesBetween(e.data.pausedSince as string, e.at), 0);
  return {
    resolutionMinutes: minutesBetween(complaint.receivedAt, closedAt),
    pausedMinutes,
    promisesMet: [...new Set(met)].sort(),
    promisesMissed: [...missed].sort(),
  };
}
