import type { Assessment, Priority } from './assessment.js';

export const STATUSES = [
  'received',
  'acknowledged',
  'assessed',
  'investigating',
  'awaiting_customer',
  'response_proposed',
  'resolved',
  'unresolved',
  'closed',
  'withdrawn',
] as const;
export type ComplaintStatus = (typeof STATUSES)[number];

/** Stages in which the organisation still owes the customer something and the customer may withdraw. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = STATUSES.filter(
  (status) => status !== 'resolved' && status !== 'closed' && status !== 'withdrawn',
);

/**
 * Ways a complaint comes in that are no messaging channel: keyed in by staff from the API, a call, a letter, a visit.
 * The messaging channels (`sms`, `webchat`, ...) are declared by their adapters (src/channels).
 */
export const INTAKE_CHANNELS = ['api', 'phone', 'letter', 'in_person'] as const;
/** One of INTAKE_CHANNELS or a declared channel's id. */
export type Channel = string;

export interface Contact {
  /** A kind some declared channel delivers to: `phone`, `email`, `webchat`, ... */
  kind: string;
  /** E.164 for phones, lower-cased address for emails, conversation id for web chat. */
  value: string;
}

/** A promise of the code of conduct as it applies to one case. */
export interface CaseDeadline {
  promiseId: string;
  indicator: string;
  dueAt: string;
  warnAt: string;
  /** When the promise stopped running: kept, or made moot by withdrawal or closure. */
  settledAt: string | null;
  /** Set when its clock runs on while the case waits for the customer (a regulator's time limit). */
  runsWhilePaused?: true;
}

export interface ProposedResponse {
  outcome: string;
  explanation: string;
  proposedAt: string;
  /** Whether we consent to the ombudsman considering the complaint outside its time limits (FCA DISP 1 Annex 3R). */
  waiveTimeLimits?: boolean;
}

export interface Closure {
  outcome: string;
  rootCause: string | null;
  /** False when a supervisor closed it without the customer's acceptance. */
  acceptedByCustomer: boolean;
}

export interface Complaint {
  reference: string;
  status: ComplaintStatus;
  channel: Channel;
  contact: Contact;
  /**
   * The conversation the complaint was made in (`webchat:<conversation id>`, `sms:<E.164>`): it may follow the case
   * without proving who it is. Null for complaints keyed in by staff.
   */
  originKey: string | null;
  customerName: string | null;
  language: string;
  category: string;
  description: string;
  remedySought: string | null;
  occurredOn: string | null;
  assessment: Assessment | null;
  priority: Priority | null;
  assigneeId: string | null;
  involvedStaffIds: string[];
  deadlines: CaseDeadline[];
  /** Set while waiting for the customer: the clocks of promises that pause stand still meanwhile (a regulator's do not). */
  pausedAt: string | null;
  /** What staff asked the customer, while the case waits for the answer. */
  openQuestion: string | null;
  proposedResponse: ProposedResponse | null;
  closure: Closure | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  withdrawnAt: string | null;
  /** When what identifies the customer and what they wrote was erased (on request, or by the retention policy). */
  erasedAt: string | null;
  updatedAt: string;
}

export const FINAL_RESPONSE_INDICATOR = 'time_to_final_response';
