import type { Complaint, Contact } from './domain/complaint.js';

/** Where a message to the customer goes: the channel whose notifier delivers it, and the address there. */
export interface CustomerAddress {
  channel: string;
  /** A web chat conversation id, an E.164 phone number or an email address. */
  address: string;
}

/** Which declared channel delivers to a contact kind (ChannelRegistry). */
export interface ContactRouting {
  serving(contactKind: string): { id: string; address(contact: Contact): string } | undefined;
}

/**
 * The customer chose how to be kept updated when they complained; that contact is where every message goes. A kind
 * no channel serves any more goes to a channel named after it, which the relay reports as not set up.
 */
export function customerAddress(complaint: Pick<Complaint, 'contact'>, channels: ContactRouting): CustomerAddress {
  const { contact } = complaint;
  const channel = channels.serving(contact.kind);
  return channel ? { channel: channel.id, address: channel.address(contact) } : { channel: contact.kind, address: contact.value };
}
