import type { Assessment } from './assessment.js';

/** Who asks for a change. Staff roles decide what a person may do; customers act only on their own case. */
export type Actor =
  | { kind: 'staff'; id: string; role: 'handler' | 'supervisor' }
  | { kind: 'customer' }
  | { kind: 'system'; id: string };

export type ComplaintCommand =
  | { type: 'acknowledge' }
  | { type: 'assess'; assessment: Assessment }
  | { type: 'reassess'; assessment: Assessment }
  | { type: 'start_investigation' }
  | { type: 'request_information'; question: string }
  | { type: 'receive_information'; message?: string }
  | { type: 'propose_response'; outcome: string; explanation: string; waiveTimeLimits?: boolean }
  | { type: 'send_holding_response'; reasons: string; expectedBy: string }
  | { type: 'accept_response' }
  | { type: 'reject_response'; reason?: string }
  | { type: 'mark_unresolved'; reason: string }
  | { type: 'close'; outcome: string; rootCause?: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'assign'; assigneeId: string }
  | { type: 'declare_involvement'; staffId: string };

export type CommandType = ComplaintCommand['type'];
