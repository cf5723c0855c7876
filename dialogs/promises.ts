import type { CustomerCaseView, CustomerDeadline } from '../src/complaints/customer-desk/customer-desk.js';
import { line, type Line } from './session.js';

/** Promises still running, in the order they fall due: those already kept are no news to the customer. */
export function promisesAhead(view: CustomerCaseView): CustomerDeadline[] {
  return view.deadlines
    .filter((d) => d.state === 'running' || d.state === 'paused' || d.state === 'overdue')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

const PLAIN_PROMISES = ['time_to_acknowledge', 'time_to_final_response', 'status_update_interval'] as const;

/** Our own plain words for the promises we know; the organisation's words for any other. */
export function deadlineLine(deadline: Pick<CustomerDeadline, 'indicator' | 'promise'>, date: string): Line {
  const known = PLAIN_PROMISES.find((indicator) => indicator === deadline.indicator);
  return known ? line(`deadline.${known}`, { date }) : line('deadline.other', { promise: deadline.promise, date });
}
