/**
 * An ISO 10003 dispute: what happens to a complaint the organisation could not resolve, from the offer of external
 * (or internal) review to the remedy the provider's outcome asked for.
 */
export const DISPUTE_STATUSES = [
  'offered',
  'deferred',
  'declined',
  'consented',
  'consent_withdrawn',
  'referred',
  'accepted',
  'decided',
  'remedy_implemented',
  'closed',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_OUTCOMES = ['settled', 'upheld', 'not_upheld', 'withdrawn'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** What made Redress offer the options: recorded with the offer, and counted in the ISO 10003 figures. */
export const OFFER_TRIGGERS = ['response_rejected', 'marked_unresolved', 'final_response', 'deadline_missed', 'customer_asked', 'staff'] as const;
export type OfferTrigger = (typeof OFFER_TRIGGERS)[number];

/** The option a code of conduct with no provider offers: a review by a supervisor, which is not independent. */
export const INTERNAL_REVIEW = 'internal-review';

export interface Dispute {
  /** The complaint's reference: a complaint has at most one dispute. */
  reference: string;
  status: DisputeStatus;
  trigger: OfferTrigger;
  /** The provider ids offered (or `internal-review`), in the order the customer was shown them. */
  options: string[];
  /** The option the customer consented to. */
  providerId: string | null;
  /** The last moment the customer may refer, from the first provider's window; null when no window applies. */
  referralDeadline: string | null;
  /** The version of the explanation and consent wording the customer was shown when they answered. */
  wordingVersion: string | null;
  consentToShare: boolean;
  remindersWanted: boolean;
  providerReference: string | null;
  outcome: DisputeOutcome | null;
  /** What the provider's outcome asks the organisation to do; null when it asks nothing. */
  remedy: string | null;
  remedyDueAt: string | null;
  offeredAt: string;
  answeredAt: string | null;
  referredAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  remedyImplementedAt: string | null;
  closedAt: string | null;
  reminderSentAt: string | null;
  updatedAt: string;
}
