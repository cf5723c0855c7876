import { customerAddress } from '../complaints/customer-address.js';
import type { OutboxPolicy } from './outbox-policies.js';

/** Who signs staff replies when nobody configured a name: the team, in the customer's language. */
const TEAM: Record<string, string> = { en: 'Complaints team', es: 'Equipo de reclamaciones' };

export interface CustomerMessageSettings {
  /** The name staff replies are signed with (STAFF_REPLY_NAME): a team, or a first name. */
  replyName?: string;
}

/**
 * A staff reply owes the customer one message on their own channel, in the language they complained in, signed so
 * that it does not read as the assistant's: each channel shows `from` in its own way.
 */
export function customerMessagesPolicy(settings: CustomerMessageSettings): OutboxPolicy {
  return ({ after, events }) =>
    events
      .filter((event) => event.type === 'message.sent_to_customer')
      .map((event) => {
        const { channel, address } = customerAddress(after);
        return {
          reference: after.reference,
          channel,
          kind: 'staff_reply',
          recipient: { address },
          payload: { text: String(event.data.text), language: after.language, from: settings.replyName ?? TEAM[after.language] ?? TEAM.en },
        };
      });
}
