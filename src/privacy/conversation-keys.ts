import type { Contact } from '../complaints/domain/complaint.js';

/** `sms:+447911123456` for a phone, `webchat:<id>`, `email:<address>`: how conversations and the outbox name them. */
export function conversationKeyOf(contact: Contact): string {
  return `${contact.kind === 'phone' ? 'sms' : contact.kind}:${contact.value}`;
}

/** The contact a conversation key reaches, or undefined for a channel that has none (an unknown prefix). */
export function contactOfKey(key: string): Contact | undefined {
  const colon = key.indexOf(':');
  if (colon < 1) return undefined;
  const channel = key.slice(0, colon);
  const value = key.slice(colon + 1);
  if (value === '') return undefined;
  switch (channel) {
    case 'sms':
      return { kind: 'phone', value };
    case 'whatsapp':
      return { kind: 'whatsapp', value };
    case 'webchat':
      return { kind: 'webchat', value };
    case 'email':
      return { kind: 'email', value };
    default:
      return undefined;
  }
}

/**
 * The botbuilder storage keys of a conversation's dialog state: ConversationState keys on
 * `<channel>/conversations/<id>/`, UserState on `<channel>/users/<id>/` (over SMS the number is both).
 */
export function dialogStateKeysOf(key: string): string[] {
  const colon = key.indexOf(':');
  if (colon < 1) return [];
  const channel = key.slice(0, colon);
  const id = key.slice(colon + 1);
  return [`${channel}/conversations/${id}/`, `${channel}/users/${id}/`];
}

/** The conversation a dialog state key belongs to, as a conversation key; undefined for keys of another shape. */
export function conversationOfDialogState(storageKey: string): string | undefined {
  const match = /^([^/]+)\/(?:conversations|users)\/(.+)\/$/.exec(storageKey);
  return match ? `${match[1]}:${match[2]}` : undefined;
}
