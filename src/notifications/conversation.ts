/**
 * A message to a customer (its recipient has an `address`: a phone number, a web chat conversation, an email address)
 * belongs to that customer's conversation on its channel. The relay hands a conversation's messages over one at a
 * time, in the order they were written, so that a customer reads the replies to their texts in the order they sent
 * them, and a status update after the reply that came before it. Messages to staff and the scheduler's own checks have
 * no conversation and go out side by side.
 */
export function conversationOf(channel: string, recipient: Record<string, unknown>): string | null {
  return typeof recipient.address === 'string' && recipient.address !== '' ? `${channel}:${recipient.address}` : null;
}
