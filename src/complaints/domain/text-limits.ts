import { DESCRIPTION_MAX } from './description.js';

/**
 * The most each piece of text written about a case may hold, in characters, whoever writes it: the staff API's
 * schemas, Slack's forms (`max_length`) and `/complaint reply` all read these, so no way in takes more than another.
 * A reply is one long SMS (Twilio's 1600 characters); what the customer reads in one piece stays short enough to read.
 */
export const TEXT_LIMITS = {
  /** What staff write to the customer ("Reply to customer", `/complaint reply`). */
  reply: 1600,
  /** An internal note. */
  note: 5000,
  /** A question to the customer. */
  question: 1000,
  /** The customer's answer to a question, when staff record it. */
  answer: 5000,
  /** The outcome offered, or the outcome a case closed with. */
  outcome: 500,
  /** The explanation that comes with a proposed resolution. */
  explanation: 5000,
  /** Why there is no final response yet (a holding response). */
  holdingReasons: 2000,
  /** Why a step was taken (reopening, marking unresolved, any step's optional reason). */
  reason: 2000,
  assessmentSummary: 2000,
  /** Why someone needs the customer's full contact. */
  disclosureReason: 500,
  description: DESCRIPTION_MAX,
  remedySought: 2000,
  customerName: 200,
  contact: 320,
  category: 64,
} as const;

export type TextLimit = keyof typeof TEXT_LIMITS;

/** How far over its limit a text is, or 0 when it fits: counted as the schemas count (UTF-16 code units). */
export function overLimit(text: string, limit: TextLimit): number {
  return Math.max(0, text.length - TEXT_LIMITS[limit]);
}
