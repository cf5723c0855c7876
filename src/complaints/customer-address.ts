import type { Complaint } from './domain/complaint.js';

/** The channels that reach customers; everything else in the outbox goes to staff or to ourselves. */
export const CUSTOMER_CHANNELS = ['webchat', 'sms', 'email'] as const;

/** Where a message to the customer goes: the channel whose notifier delivers it, and the address there. */
export interface CustomerAddress {
  channel: (typeof CUSTOMER_CHANNELS)[number];
  /** A web chat conversation id, an E.164 phone number or an email address. */
  address: string;
}

/** The customer chose how to be kept updated when they complained; that contact is where every message goes. */
export function customerAddress(complaint: Pick<Complaint, 'contact'>): CustomerAddress {
  const { kind, value } = complaint.contact;
  return { channel: kind === 'phone' ? 'sms' : kind, address: value };
}

export function customerChannel(complaint: Pick<Complaint, 'contact'>): CustomerAddress['channel'] {
  return customerAddress(complaint).channel;
}
