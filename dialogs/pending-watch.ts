import type { PendingItem } from '../src/complaints/customer-desk/customer-desk.js';
import type { Next } from './dialog-deps.js';

/** Asks whether a message answers what staff sent, when it came while another dialog was open. */
export const WHICH_ANSWER_DIALOG = 'WHICH_ANSWER_DIALOG';

export interface WhichAnswerOptions {
  pending: PendingItem;
  /** The message that may be the answer: it is what the follow-up reads if the customer says so. */
  said: string;
}

/**
 * How the question "which one did you mean?" ended for the dialog under it: nothing, and it asks its own question
 * again; a `Next`, from help, cancel, start again or a person asked for there, and it leaves too.
 */
export type WhichAnswerResult = Next | undefined;

/** The same thing waits for the customer as when they last saw it: same case, same question or proposal. */
export function samePending(seen: PendingItem | null | undefined, now: PendingItem): boolean {
  return seen !== undefined && seen !== null && JSON.stringify(seen) === JSON.stringify(now);
}
