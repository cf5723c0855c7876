import type { DisputeOutcome } from './dispute.js';

export type DisputeCommand =
  | { type: 'consent'; providerId: string; shareCaseFile: boolean; wordingVersion: string; reminders?: boolean }
  | { type: 'decline'; wordingVersion: string }
  | { type: 'defer'; reminders: boolean; wordingVersion: string }
  | { type: 'withdraw_consent' }
  | { type: 'reoffer'; trigger: 'customer_asked' | 'staff' }
  | { type: 'refer' }
  | { type: 'record_acceptance'; providerReference: string }
  | { type: 'record_outcome'; outcome: DisputeOutcome; explanation: string; remedy?: string }
  | { type: 'implement_remedy'; explanation?: string }
  | { type: 'close' }
  | { type: 'remind' };

export type DisputeCommandType = DisputeCommand['type'];
