import type { Requester } from '../complaints/customer-desk/customer-desk.js';
import type { DisputeStatus } from './domain/dispute.js';

export const DISPUTE_DESK = Symbol('DISPUTE_DESK');

/** What the dispute dialog may ask of the core, for a customer in a conversation, on any channel. */
export interface DisputeDesk {
  /**
   * The dispute options on a complaint this conversation may speak for (`reference`, else its latest complaint that
   * has one or could have one), offering them now if the complaint has had our last word: a rejected proposal, an
   * unresolved complaint, or one closed without the customer's acceptance. Null when there is nothing to offer yet.
   */
  optionsFor(requester: Requester, reference: string | undefined, language: string): Promise<DisputeChoiceView | null>;
  /** The customer's answer, recorded with the version of the wording they were shown. */
  answer(requester: Requester, reference: string, answer: DisputeAnswer, language: string): Promise<DisputeChoiceView>;
}

export type DisputeAnswer =
  | { kind: 'consent'; providerId: string; shareCaseFile: boolean }
  | { kind: 'decline' }
  | { kind: 'defer'; reminders: boolean }
  | { kind: 'withdraw' };

/** A dispute as the customer is told of it, in their language. */
export interface DisputeChoiceView {
  reference: string;
  status: DisputeStatus;
  /** Each option in plain words, with the last day to refer. */
  explanation: string;
  options: { id: string; name: string }[];
  /** The option chosen, by name; null before a choice. */
  chosen: string | null;
  /** The last day to refer, in words in the customer's language; null when no window applies. */
  lastDay: string | null;
  /** True for the internal review, so the dialog can ask in the right words. */
  internalReview: boolean;
}
