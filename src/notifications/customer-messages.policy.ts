import { customerAddress } from '../complaints/customer-address.js';
import type { OutboxPolicy } from './outbox-policies.js';

/** A staff reply owes the customer one message on their own channel, in the language they complained in. */
export const customerMessagesPolicy: OutboxPolicy = ({ after, events }) =>
  events
    .filter((event) => event.type === 'message.sent_to_customer')
    .map((event) => {
      const { channel, address } = customerAddress(after);
      return {
        reference: after.reference,
        channel,
        kind: 'staff_reply',
        recipient: { address },
        payload: { text: String(event.data.text), language: after.language },
      };
    });
