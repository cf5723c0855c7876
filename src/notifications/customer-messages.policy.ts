import { customerAddress, type ContactRouting } from '../complaints/customer-address.js';
import type { OutboxPolicy } from './outbox-policies.js';
import { messagePayload, STAFF_REPLY_KEY } from './rendering/message-payload.js';

/** Who signs staff replies when nobody configured a name: the team, in the customer's language. */
const TEAM: Record<string, string> = { en: 'Complaints team', es: 'Equipo de reclamaciones' };

export interface CustomerMessageSettings {
  /** The name staff replies are signed with (STAFF_REPLY_NAME), for staff without a first name of their own. */
  replyName?: string;
  /** Staff ids with the first name customers are told (STAFF_FIRST_NAMES): a reply is signed by its writer. */
  firstNames?: Readonly<Record<string, string>>;
  /** The code of conduct's `complaintsTeam` ("complaints team"), the default signature when it is set. */
  team?: string;
}

/** The name a staff reply is signed with: its writer's first name, else the configured name, else the team. */
export function signature(settings: CustomerMessageSettings, writer: string | undefined, language: string): string {
  const own = writer ? settings.firstNames?.[writer] : undefined;
  if (own) return own;
  if (settings.replyName) return settings.replyName;
  if (settings.team) return settings.team.charAt(0).toUpperCase() + settings.team.slice(1);
  return TEAM[language] ?? TEAM.en;
}

/**
 * A staff reply owes the customer one message on their own channel, in the language they complained in, signed so
 * that it does not read as the assistant's: each channel shows `from` in its own way. Its words are the history's:
 * when the event is already in the history, the message names it (`textOf`) and the words are read when it is sent
 * (StaffReplyTexts), rather than kept twice.
 */
export function customerMessagesPolicy(settings: CustomerMessageSettings, channels: ContactRouting): OutboxPolicy {
  return ({ after, events, eventIds }) =>
    events.flatMap((event, i) => {
      if (event.type !== 'message.sent_to_customer') return [];
      const { channel, address } = customerAddress(after, channels);
      const from = signature(settings, 'id' in event.actor ? event.actor.id : undefined, after.language);
      const eventId = eventIds?.[i];
      return {
        reference: after.reference,
        channel,
        kind: 'staff_reply',
        recipient: { address },
        payload:
          eventId === undefined
            ? messagePayload(STAFF_REPLY_KEY, { text: event.data.text, from }, after.language)
            : messagePayload(STAFF_REPLY_KEY, { from }, after.language, { textOf: eventId }),
      };
    });
}
